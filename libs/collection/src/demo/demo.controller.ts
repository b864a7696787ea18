import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@cairn/accounts';
import { COLLECTION_OPTIONS, type CollectionOptions } from '../collection.options.js';
import { DEMO_SCRIPT, DEMO_STYLES, demoPage } from './demo-page.js';

const SECTIONS = new Set(['pricing', 'docs', 'blog', 'article']);

/** A page with the snippet, for trying Cairn out: `npm start`, open /demo, watch events arrive. */
@ApiExcludeController()
@Controller('demo')
@Public()
export class DemoController {
  constructor(@Inject(COLLECTION_OPTIONS) private readonly options: CollectionOptions) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    return demoPage(this.options.demoSite, '/');
  }

  @Get('demo.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  script(): string {
    return DEMO_SCRIPT;
  }

  @Get('demo.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  styles(): string {
    return DEMO_STYLES;
  }

  @Get(':section')
  @Header('Content-Type', 'text/html; charset=utf-8')
  section(@Param('section') section: string): string {
    return demoPage(this.options.demoSite, SECTIONS.has(section) ? `/${section}` : '/');
  }
}
