import { RULES } from '../../server/src/analysis';
import { testRuleFixtures } from './rule-tester';

// Every registered rule is tested against its fixtures; a rule without fixtures fails here.
for (const rule of RULES) testRuleFixtures(rule.id);
