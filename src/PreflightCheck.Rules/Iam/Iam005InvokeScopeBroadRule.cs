using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Iam;

/// <summary>PFC-IAM-005: the role may invoke only the functions it needs.</summary>
internal sealed class InvokeScopeBroadRule : RoleRule
{
    public override string Id => "PFC-IAM-005";

    protected override Finding JudgeRole(AwsScope scope, string role, string target, SourceLocation? location)
    {
        var facts = scope.Aws.Roles.FirstOrDefault(r => r.Arn == role);
        var evidence = Evidence(("role", role));
        if (facts is null || !facts.Status.IsOk || facts.Policies is null || facts.PoliciesStatus is { IsOk: false })
        {
            return scope.Finding(Outcome.Unknown, target,
                AwsText.Failed(facts is null || !facts.Status.IsOk ? facts?.Status : facts.PoliciesStatus, $"the policies of role {role}", facts is null || !facts.Status.IsOk ? "iam:GetRole" : "iam:ListAttachedRolePolicies"),
                evidence, location);
        }

        var arn = AwsArn.TryParse(role);
        var region = scope.Region ?? "us-east-1";
        var probe = $"arn:{arn?.Partition ?? "aws"}:lambda:{region}:{arn?.Account ?? "123456789012"}:function:preflight-any-other-function";
        var broad = new List<string>();
        var unread = new List<string>();
        foreach (var policy in facts.Policies)
        {
            if (!policy.Status.IsOk || policy.Statements is null)
            {
                unread.Add(policy.Name);
                continue;
            }

            foreach (var (statement, index) in policy.Statements.Select((s, i) => (s, i)))
            {
                if (!PolicyLogic.IsAllow(statement) || !PolicyLogic.ActionMatches(statement, "lambda:InvokeFunction"))
                {
                    continue;
                }

                var allActions = statement.NotActions.Count == 0 && statement.Actions.Any(a => a is "*" || string.Equals(a, "lambda:*", StringComparison.OrdinalIgnoreCase));
                var anyFunction = PolicyLogic.ResourceMatches(statement, probe);
                if (anyFunction || (allActions && PolicyLogic.ResourceMatches(statement, probe.Replace("preflight-any-other-function", "*", StringComparison.Ordinal))))
                {
                    broad.Add($"{policy.Name} {PolicyLogic.Name(statement, index)} ({AwsText.List(statement.Actions.DefaultIfEmpty("NotAction"))} on {AwsText.List(statement.Resources)})");
                }
                else if (allActions)
                {
                    broad.Add($"{policy.Name} {PolicyLogic.Name(statement, index)} (lambda:* on {AwsText.List(statement.Resources)})");
                }
            }
        }

        evidence["broadStatements"] = AwsText.List(broad);
        if (broad.Count > 0)
        {
            return scope.Finding(Outcome.Fail, target,
                $"Role {role} may invoke more than its credentials provider: {string.Join("; ", broad)}. Scope lambda:InvokeFunction to the provider's ARN (and its qualified form) so the role cannot fetch other registries' credentials.",
                evidence, location);
        }

        if (unread.Count > 0)
        {
            return scope.Finding(Outcome.Unknown, target,
                $"No broad Lambda grant was found, but policies {AwsText.List(unread)} of role {role} could not be read (iam:GetPolicyVersion / iam:GetRolePolicy).", evidence, location);
        }

        return scope.Finding(Outcome.Pass, target, $"No policy of role {role} lets it invoke every Lambda function.", evidence, location);
    }
}
