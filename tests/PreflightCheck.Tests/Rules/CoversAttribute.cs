using PreflightCheck.Core.Rules;

namespace PreflightCheck.Tests.Rules;

/// <summary>
/// Says which rule a test judges and which outcomes it asserts, so that <see cref="RuleCoverageTests"/> can find,
/// by reflection, a pass and a fail test for every rule. A test without outcomes is about the rule but claims none.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class CoversAttribute(string ruleId, params Outcome[] outcomes) : Attribute
{
    public string RuleId { get; } = ruleId;

    public IReadOnlyList<Outcome> Outcomes { get; } = outcomes;
}
