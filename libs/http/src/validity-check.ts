import { getMetadataStorage, ValidationTypes, type ValidationArguments, type ValidatorOptions } from 'class-validator';

type Condition = (object: object, value: unknown) => boolean;

interface Rule {
  validateIf: Condition | undefined;
  constraints: unknown[];
  checks: Array<{ surelyValid: SurelyValid | undefined; validate: (value: unknown, args: ValidationArguments) => unknown }>;
}

/** True only where class-validator's own check certainly passes; otherwise its check decides. */
type SurelyValid = (value: unknown, constraints: unknown[]) => boolean;

/**
 * Shortcuts for the commonest built-in constraints, by class-validator's names for them. They matter
 * because `maxLength` runs two regular expressions over the whole string (validator.js counts a
 * surrogate pair or a variation selector as one character, so its length is never above `.length`).
 */
const SHORTCUTS: Record<string, SurelyValid> = {
  isString: (value) => typeof value === 'string',
  isNotEmpty: (value) => typeof value === 'string' && value !== '',
  maxLength: (value, constraints) => typeof value === 'string' && value.length <= (constraints[0] as number),
};

interface PropertyPlan {
  name: string;
  conditions: Condition[];
  rules: Rule[];
}

/**
 * A yes/no answer to "would `validateSync(object, options)` find nothing wrong?", from the same
 * decorators, gathered once. class-validator regroups a class's metadata and builds an error
 * object for every property on every call, which made it the costliest step of taking an event;
 * this runs the same constraint functions in the same order without that. When it answers false,
 * ask class-validator for the errors (it makes the messages).
 *
 * Returns null when the class uses something this does not follow (nested or promise validation,
 * `each`, async constraints, groups) or when the options ask for more than the whitelist: then use
 * class-validator alone.
 */
export function compileValidityCheck(target: new () => object, options: ValidatorOptions): ((object: object) => boolean) | null {
  const supportedOptions = new Set(['whitelist', 'forbidNonWhitelisted']);
  if (Object.keys(options).some((key) => !supportedOptions.has(key))) return null;
  if (options.whitelist && !options.forbidNonWhitelisted) return null; // that strips, it does not refuse

  const storage = getMetadataStorage();
  // As validateSync(object, options) asks: no schema, no groups, `always` off.
  const metadatas = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
  if (metadatas.length === 0) return null; // forbidUnknownValues: class-validator refuses everything
  const grouped = storage.groupByPropertyName(metadatas);
  const plans: PropertyPlan[] = [];
  for (const [name, list] of Object.entries(grouped)) {
    const plan: PropertyPlan = { name, conditions: [], rules: [] };
    for (const metadata of list) {
      if (metadata.groups?.length || metadata.each) return null;
      if (metadata.type === ValidationTypes.WHITELIST) continue;
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) plan.conditions.push(metadata.constraints[0] as Condition);
      else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
        const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
        if (constraints.some((constraint) => constraint.async)) return null;
        plan.rules.push({
          validateIf: metadata.validateIf as Condition | undefined,
          constraints: metadata.constraints,
          checks: constraints.map((constraint) => ({
            surelyValid: Object.hasOwn(SHORTCUTS, constraint.name) ? SHORTCUTS[constraint.name] : undefined,
            validate: constraint.instance.validate.bind(constraint.instance),
          })),
        });
      } else return null; // IS_DEFINED, nested, promise validation
    }
    plans.push(plan);
  }
  const declared = new Set(Object.keys(grouped));

  return (object: object): boolean => {
    if (options.whitelist) for (const key of Object.keys(object)) if (!declared.has(key)) return false;
    for (const plan of plans) {
      const value = (object as Record<string, unknown>)[plan.name];
      let applies = true;
      for (const condition of plan.conditions) applies = condition(object, value) && applies;
      if (!applies) continue;
      for (const rule of plan.rules) {
        if (rule.validateIf && !rule.validateIf(object, value)) continue;
        for (const check of rule.checks) {
          if (check.surelyValid?.(value, rule.constraints)) continue;
          const args: ValidationArguments = { targetName: target.name, property: plan.name, object, value, constraints: rule.constraints };
          if (check.validate(value, args) !== true) return false;
        }
      }
    }
    return true;
  };
}
