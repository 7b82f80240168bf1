using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using PreflightCheck.Rules.Network;
using PreflightCheck.Rules.Network.Reasoning;

namespace PreflightCheck.Rules.Lambda;

/// <summary>PFC-LMB-004: a custom endpoint policy lets the role invoke the provider.</summary>
internal sealed class LambdaEndpointPolicyRule : LambdaEndpointRule
{
    public override string Id => "PFC-LMB-004";

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var (endpoint, stop) = Endpoint(scope, provider);
        if (stop is not null)
        {
            return stop;
        }

        var evidence = ProviderEvidence(provider, ("endpoint", endpoint!.Id));
        if (endpoint.PolicyDocument is null)
        {
            return scope.Finding(Outcome.Pass, provider.Target, $"Lambda endpoint {endpoint.Id} has the default policy, which allows every call.", evidence, provider.Location);
        }

        var statements = PolicyLogic.Parse(endpoint.PolicyDocument);
        var role = scope.Model.ExecutionRoleArn?.Value;
        if (statements is null || role is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                statements is null ? $"The policy of Lambda endpoint {endpoint.Id} could not be read as an IAM policy." : $"Model {scope.Name} has no ExecutionRoleArn to judge the policy of {endpoint.Id} for.",
                evidence, provider.Location);
        }

        var account = Core.Aws.AwsArn.TryParse(role)?.Account;
        string[] resources = provider.Arn.Value == provider.UnqualifiedArn ? [provider.UnqualifiedArn, provider.UnqualifiedArn + ":*"] : [provider.Arn.Value];
        var applicable = statements.Select((s, i) => (Statement: s, Name: PolicyLogic.Name(s, i)))
            .Where(s => PolicyLogic.ActionMatches(s.Statement, "lambda:InvokeFunction") && PolicyLogic.PrincipalMatches(s.Statement, role, account))
            .ToArray();
        var denies = applicable.Where(s => PolicyLogic.IsDeny(s.Statement) && resources.Any(r => PolicyLogic.ResourceMatches(s.Statement, r))).ToArray();
        var notAllowed = resources.Where(r => !applicable.Any(s => PolicyLogic.IsAllow(s.Statement) && PolicyLogic.ResourceMatches(s.Statement, r))).ToArray();
        var granting = applicable.Where(s => PolicyLogic.IsAllow(s.Statement)).ToArray();
        evidence["grantingStatements"] = AwsText.List(granting.Select(g => g.Name));
        if (denies.Length > 0 || notAllowed.Length > 0)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                (denies.Length > 0
                    ? $"The policy of Lambda endpoint {endpoint.Id} denies lambda:InvokeFunction on {provider.FunctionName} ({AwsText.List(denies.Select(d => d.Name))})"
                    : $"The policy of Lambda endpoint {endpoint.Id} does not allow role {role} lambda:InvokeFunction on {AwsText.List(notAllowed)}")
                + ": add an Allow statement for that role (or its account) on the function ARN and its qualified form (…:function:name:*).",
                evidence, provider.Location);
        }

        var conditions = granting.Any(g => g.Statement.ConditionJson is not null) ? " Its conditions were not evaluated; make sure they hold for SageMaker's calls." : "";
        return scope.Finding(Outcome.Pass, provider.Target,
            $"The policy of Lambda endpoint {endpoint.Id} allows role {role} to invoke {provider.FunctionName} ({AwsText.List(granting.Select(g => g.Name))}).{conditions}", evidence, provider.Location);
    }
}
