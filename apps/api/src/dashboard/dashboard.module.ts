import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';

/** The folder holding package.json, found from this file whether it runs from src/ (tests) or dist/. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const DASHBOARD_DIR = join(projectRoot(), 'dist', 'dashboard', 'browser');

/**
 * Serves the built Angular dashboard at `/`, with index.html for its client-side routes.
 * API, health and collection paths are never answered with the dashboard.
 */
@Module({})
export class DashboardModule {
  static forRoot(rootPath = DASHBOARD_DIR): DynamicModule {
    return {
      module: DashboardModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          exclude: ['/api/{*rest}', '/health', '/tracker.js', '/pixel.gif', '/demo', '/demo/{*rest}'],
          serveStaticOptions: {
            setHeaders: (res: Response, path: string) => {
              // Angular names bundles by content hash: cache them for good, but always revalidate the page.
              res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
            },
          },
        }),
      ],
    };
  }
}
