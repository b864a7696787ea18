import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { LanguageService } from './language.service';
import { isLanguage, LANGUAGES } from './languages';

/** The language switch: each language named in itself and marked as such for screen readers. */
@Component({
  selector: 'cairn-language-switch',
  imports: [TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <label class="visually-hidden" for="language-switch">{{ t('language.label') }}</label>
      <select id="language-switch" [value]="languages.language()" (change)="choose($any($event.target).value)" [title]="t('language.label')">
        @for (language of choices; track language.id) {
          <option [value]="language.id" [attr.lang]="language.id" [selected]="language.id === languages.language()">{{ language.name }}</option>
        }
      </select>
    </ng-container>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageSwitchComponent {
  protected readonly languages = inject(LanguageService);
  protected readonly choices = LANGUAGES;

  protected choose(value: string): void {
    if (isLanguage(value)) void this.languages.use(value);
  }
}
