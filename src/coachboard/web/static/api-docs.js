// Starts Swagger UI on /api/v1/docs: a file of ours rather than FastAPI's inline script, so the
// page's Content-Security-Policy can allow scripts from this origin only.
"use strict";

window.ui = SwaggerUIBundle({
  url: document.currentScript.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
