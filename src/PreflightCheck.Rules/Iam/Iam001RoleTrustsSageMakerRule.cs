using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Iam;

/// <summary>PFC-IAM-001: the role exists and trusts sagemaker.amazonaws.com.</summary>
internal sealed class RoleTrustsSageMakerRule : RoleRule
{
    public override string Id => "PFC-IAM-001";

    protected override Finding JudgeRole(AwsScope scope, string role, string target, SourceLocation? location)
    {
        var facts = scope.Aws.Roles.FirstOrDefault(r => r.Arn == role);
        var evidence = Evidence(("role", role));
        if (facts?.Status.Status == CollectionStatus.NotFound)
        {
            return scope.Finding(Outcome.Fail, target, $"Execution role {role} of model {scope.Name} does not exist: create it with a trust policy for sagemaker.amazonaws.com, or fix ExecutionRoleArn.", evidence, location);
        }

        if (facts is null || !facts.Status.IsOk || facts.TrustStatements is null)
        {
            return scope.Finding(Outcome.Unknown, target, AwsText.Failed(facts?.Status, $"role {role}", "iam:GetRole"), evidence, location);
        }

        var trusting = facts.TrustStatements.Select((s, i) => (Statement: s, Name: PolicyLogic.Name(s, i)))
            .Where(s => PolicyLogic.IsAllow(s.Statement)
                && PolicyLogic.ActionMatches(s.Statement, "sts:AssumeRole")
                && s.Statement.Principals.Any(p => p is "sagemaker.amazonaws.com" or "*"))
            .ToArray();
        var denied = facts.TrustStatements.Any(s => PolicyLogic.IsDeny(s) && PolicyLogic.ActionMatches(s, "sts:AssumeRole") && s.Principals.Any(p => p is "sagemaker.amazonaws.com" or "*"));
        evidence["principals"] = AwsText.List(facts.TrustStatements.Where(PolicyLogic.IsAllow).SelectMany(s => s.Principals).Distinct());
        evidence["trustingStatements"] = AwsText.List(trusting.Select(t => t.Name));
        if (trusting.Length == 0 || denied)
        {
            return scope.Finding(Outcome.Fail, target,
                $"The trust policy of role {role} does not let sagemaker.amazonaws.com assume it{(denied ? " (a Deny statement blocks it)" : $" (it trusts {evidence["principals"]})")}: add an Allow statement for sts:AssumeRole with the service principal sagemaker.amazonaws.com.",
                evidence, location);
        }

        var conditions = trusting.Where(t => t.Statement.ConditionJson is not null).Select(t => $"{t.Name}: {t.Statement.ConditionJson}").ToArray();
        if (conditions.Length > 0)
        {
            evidence["conditions"] = string.Join("; ", conditions);
        }

        return scope.Finding(Outcome.Pass, target,
            $"Role {role} trusts sagemaker.amazonaws.com ({AwsText.List(trusting.Select(t => t.Name))}){(conditions.Length > 0 ? $", under conditions that are reported, not judged: {string.Join("; ", conditions)}" : "")}.",
            evidence, location);
    }
}
