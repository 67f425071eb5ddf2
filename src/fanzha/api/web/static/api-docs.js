// Starts Swagger UI on /docs from the vendored bundle: no CDN, no inline script.
window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
});
