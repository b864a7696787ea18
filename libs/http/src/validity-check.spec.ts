import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateBy, ValidateIf, ValidateNested, validateSync } from 'class-validator';
import { compileValidityCheck } from './validity-check.js';
import { VALIDATION_OPTIONS } from './validation.pipe.js';

class Sample {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  name: string;

  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: string;

  @ValidateIf((sample: Sample) => sample.kind === 'b' || sample.count !== undefined)
  @IsInt()
  @Min(1)
  count?: number;

  @IsOptional()
  @ValidateBy({ name: 'isEven', validator: { validate: (value: unknown) => typeof value === 'number' && value % 2 === 0 } })
  even?: number;
}

class Nested {
  @ValidateNested()
  inner: Sample;
}

class Grouped {
  @IsString({ groups: ['admin'] })
  name: string;
}

class Each {
  @IsString({ each: true })
  names: string[];
}

// 'abcd😀' is six UTF-16 units but five characters to MaxLength.
const VALUES: unknown[] = [undefined, null, '', 'x', 'abcde', 'abcdef', 'abcd😀', 'abcde😀', new String('abc'), 'a', 'b', 0, 1, 2, 3, -2, 1.5, Number.NaN, true, [], {}, ['a']];

function instance(fields: Record<string, unknown>): Sample {
  const sample = new Sample();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (sample as unknown as Record<string, unknown>)[key] = value;
  return sample;
}

describe(compileValidityCheck.name, () => {
  const check = compileValidityCheck(Sample, VALIDATION_OPTIONS)!;

  it('answers as validateSync does for every combination of values (optional, conditional, custom rules)', () => {
    let valid = 0;
    let invalid = 0;
    for (const name of VALUES)
      for (const kind of VALUES)
        for (const count of VALUES)
          for (const even of [undefined, 2, 3, 'x']) {
            const sample = instance({ name, kind, count, even });
            const expected = validateSync(sample, VALIDATION_OPTIONS).length === 0;
            expect({ fields: { name, kind, count, even }, valid: check(sample) }).toEqual({ fields: { name, kind, count, even }, valid: expected });
            if (expected) valid++;
            else invalid++;
          }
    // Both answers were exercised, not only refusals.
    expect(valid).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(1000);
  });

  it('refuses undeclared properties, as the whitelist with forbidNonWhitelisted does', () => {
    const sample = Object.assign(instance({ name: 'x' }), { extra: 1 });
    expect(validateSync(sample, VALIDATION_OPTIONS)).not.toHaveLength(0);
    expect(check(sample)).toBe(false);
    expect(check(instance({ name: 'x' }))).toBe(true);
  });

  it('gives no check for what it does not follow, so class-validator is used alone', () => {
    expect(compileValidityCheck(Nested, VALIDATION_OPTIONS)).toBeNull();
    expect(compileValidityCheck(Grouped, VALIDATION_OPTIONS)).toBeNull();
    expect(compileValidityCheck(Each, VALIDATION_OPTIONS)).toBeNull();
    expect(compileValidityCheck(class Bare {}, VALIDATION_OPTIONS)).toBeNull();
    expect(compileValidityCheck(Sample, { ...VALIDATION_OPTIONS, skipMissingProperties: true })).toBeNull();
    expect(compileValidityCheck(Sample, { whitelist: true })).toBeNull();
    expect(compileValidityCheck(Sample, {})).not.toBeNull();
  });

  it('without the whitelist, lets undeclared properties pass as class-validator does', () => {
    const loose = compileValidityCheck(Sample, {})!;
    const sample = Object.assign(instance({ name: 'x' }), { extra: 1 });
    expect(validateSync(sample)).toHaveLength(0);
    expect(loose(sample)).toBe(true);
  });
});
