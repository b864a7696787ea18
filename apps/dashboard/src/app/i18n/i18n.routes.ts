import type { Routes } from '@angular/router';
import { routes } from '../app.routes';
import { provideI18n } from './i18n.providers';

export default [{ path: '', providers: [provideI18n()], children: routes }] satisfies Routes;
