import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Swagger UI from the project's own copy of swagger-ui-dist (pinned by package-lock.json), never
 * from a CDN: government intranets have no internet. The api-meta Lambda ships these files beside
 * its bundle (infra/api-functions.ts); `npm start` reads them from node_modules.
 */
export const swaggerUiFiles = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;

export type SwaggerUiFile = keyof typeof swaggerUiFiles;

export const swaggerUiFileNames = Object.keys(swaggerUiFiles) as SwaggerUiFile[];

/** Where the api-meta bundle carries the files, relative to its index.mjs. */
export const swaggerUiBundleDir = 'swagger-ui-dist';

export interface SwaggerUiAssets {
  read(file: SwaggerUiFile): Promise<string>;
}

/** The files of one directory, each read once and kept (they never change while a process runs). */
export function swaggerUiAssetsIn(dir: string): SwaggerUiAssets {
  const cache = new Map<SwaggerUiFile, Promise<string>>();
  return {
    read(file) {
      let text = cache.get(file);
      if (!text) {
        text = readFile(join(dir, file), 'utf8');
        // A failed read is not kept: the next request tries again.
        text.catch(() => cache.delete(file));
        cache.set(file, text);
      }
      return text;
    },
  };
}

/**
 * The page: relative URLs, so it also works behind a custom domain's base path. `validatorUrl:
 * null`, or Swagger UI would fetch a badge from validator.swagger.io.
 */
export function swaggerUiPage(options: { title: string; documentUrl: string }): string {
  const title = options.title.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="./docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="./docs/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(options.documentUrl)}, dom_id: '#swagger-ui', persistAuthorization: true, validatorUrl: null });
</script>
</body>
</html>
`;
}
