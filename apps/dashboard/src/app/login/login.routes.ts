import type { Routes } from '@angular/router';
import { LoginComponent } from './login.component';

export default [{ path: '', component: LoginComponent, title: 'login.title' }] satisfies Routes;
