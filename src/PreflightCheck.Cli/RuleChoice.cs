using PreflightCheck.Cli.Commands;
using PreflightCheck.Core;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Cli;

/// <summary>--rules, --skip-rules, --offline and the config's disabled rules as one selection; a pattern or a selection that names nothing is a usage error.</summary>
internal static class RuleChoice
{
    public static RuleSelection Select(CommonOptions common, RuleEngine engine, bool offline, IEnumerable<string>? disabled = null)
    {
        foreach (var pattern in (common.Rules ?? []).Concat(common.SkipRules ?? []))
        {
            if (!RuleSelection.MatchesAny(pattern, engine.Catalog))
            {
                var hint = Suggestions.DidYouMean(Suggestions.ForRule(pattern, engine.Catalog));
                throw new InputException($"rule pattern '{pattern}' matches no rule{hint}; 'preflight rules' lists them");
            }
        }

        var disabledRules = disabled?.ToArray() ?? [];
        var selection = new RuleSelection(common.Rules, (common.SkipRules ?? []).Concat(disabledRules), offline);
        if (engine.Select(selection).Count == 0)
        {
            // A gate that judged nothing must not pass.
            var given = (common.Rules ?? []).Select(p => $"--rules {p}")
                .Concat((common.SkipRules ?? []).Select(p => $"--skip-rules {p}"))
                .Concat(offline ? ["--offline"] : [])
                .Concat(disabledRules.Length > 0 ? [$"disabled in the config: {string.Join(", ", disabledRules)}"] : []);
            var why = offline ? " (--offline runs only the rules of KIND static in 'preflight rules')" : "; 'preflight rules' lists them";
            throw new InputException($"no rule to run: {string.Join(", ", given)} select none{why}");
        }

        return selection;
    }
}
