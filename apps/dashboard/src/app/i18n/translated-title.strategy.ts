import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { t } from './translate';

/**
 * Route titles are translation keys (`title: 'overview.title'`): the tab shows "<text> · Cairn" in
 * the chosen language, and changes with it. Until the feature's file has arrived, "Cairn" alone.
 */
@Injectable()
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly key = signal<string | undefined>(undefined);

  constructor() {
    super();
    effect(() => {
      const key = this.key();
      const text = key ? t(key) : '';
      this.title.setTitle(text && text !== key ? `${text} · Cairn` : 'Cairn');
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.key.set(this.buildTitle(snapshot));
  }
}
