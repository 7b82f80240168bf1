using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Iam;

/// <summary>The IAM rules judged per model on its execution role.</summary>
internal abstract class RoleRule : AwsRule
{
    public override FactNeeds Needs => FactNeeds.Iam;

    protected override string? NotApplicable(ModelPlan model) =>
        model.ExecutionRoleArn is null ? $"Model {model.Name} has no ExecutionRoleArn (PFC-CFG-004 reports it)." : null;

    protected override string ModelTarget(ModelPlan model) => $"role {model.ExecutionRoleArn?.Value}";

    protected sealed override IEnumerable<Finding> Judge(AwsScope scope)
    {
        var role = scope.Model.ExecutionRoleArn!;
        yield return JudgeRole(scope, role.Value, $"role {role.Value}", role.Location ?? scope.Model.Location);
    }

    protected abstract Finding JudgeRole(AwsScope scope, string role, string target, SourceLocation? location);

    internal static IReadOnlyList<IamSimulationFacts> Simulations(AwsScope scope, string principal, IamSimulationPurpose purpose) =>
        scope.Aws.Simulations.Where(s => s.PrincipalArn == principal && s.Purpose == purpose).ToArray();

    internal static string Statements(IamSimulationFacts simulation) =>
        simulation.MatchedStatements is { Count: > 0 } matched ? AwsText.List(matched.Select(m => $"{m.SourcePolicyId}{(m.SourcePolicyType is null ? "" : $" ({m.SourcePolicyType})")}")) : "no statement";

    internal const string SimulationCaveat = "The simulation covers the identity's own policies; a service control policy or permissions boundary can still deny.";
}

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

/// <summary>PFC-IAM-002: the role may invoke the provider, per container.</summary>
internal sealed class RoleCanInvokeProviderRule : ProviderRule
{
    public override string Id => "PFC-IAM-002";

    public override FactNeeds Needs => FactNeeds.Iam;

    /// <summary>The AmazonSageMakerFullAccess grant covers function names with these, matched case-sensitively.</summary>
    internal static bool MatchesFullAccessPattern(string functionName) =>
        functionName.Contains("SageMaker", StringComparison.Ordinal)
        || functionName.Contains("sagemaker", StringComparison.Ordinal)
        || functionName.Contains("Sagemaker", StringComparison.Ordinal);

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var role = scope.Model.ExecutionRoleArn?.Value;
        var evidence = ProviderEvidence(provider, ("role", role));
        if (role is null)
        {
            return scope.Finding(Outcome.NotApplicable, provider.Target, $"Model {scope.Name} has no ExecutionRoleArn (PFC-CFG-004).", evidence, provider.Location);
        }

        var simulations = RoleRule.Simulations(scope, role, IamSimulationPurpose.RoleInvokeProvider);
        var simulation = simulations.FirstOrDefault(s => s.Resource == provider.Arn.Value) ?? (simulations.Count == 1 ? simulations[0] : null);
        if (simulation is null || !simulation.Status.IsOk || simulation.Decision is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, AwsText.Failed(simulation?.Status, $"the simulation of lambda:InvokeFunction for {role}", "iam:SimulatePrincipalPolicy"), evidence, provider.Location);
        }

        var statements = RoleRule.Statements(simulation);
        evidence["decision"] = simulation.Decision;
        evidence["matchedStatements"] = statements;
        var viaFullAccess = simulation.MatchedStatements?.Any(m => m.SourcePolicyId.Contains("AmazonSageMakerFullAccess", StringComparison.Ordinal)) == true;
        var hasFullAccess = viaFullAccess || scope.Aws.Roles.FirstOrDefault(r => r.Arn == role)?.Policies?.Any(p => p.Name == "AmazonSageMakerFullAccess") == true;
        var nameMatches = MatchesFullAccessPattern(provider.FunctionName);
        if (simulation.Decision == "allowed")
        {
            return scope.Finding(Outcome.Pass, provider.Target,
                viaFullAccess && simulation.MatchedStatements!.All(m => m.SourcePolicyId.Contains("AmazonSageMakerFullAccess", StringComparison.Ordinal))
                    ? $"Role {role} may invoke {provider.FunctionName} only through AmazonSageMakerFullAccess, which covers function names containing SageMaker, sagemaker or Sagemaker (case-sensitive): renaming the function breaks it. Add an explicit statement for this function. {RoleRule.SimulationCaveat}"
                    : $"Role {role} may invoke {provider.FunctionName}, granted by {statements}. {RoleRule.SimulationCaveat}",
                evidence, provider.Location);
        }

        var fullAccessNote = hasFullAccess && !nameMatches
            ? $" The role has AmazonSageMakerFullAccess, but that policy covers only functions whose names contain SageMaker, sagemaker or Sagemaker (case-sensitive), and '{provider.FunctionName}' does not."
            : "";
        return scope.Finding(Outcome.Fail, provider.Target,
            $"Role {role} may not invoke {provider.FunctionName} ({simulation.Decision}{(simulation.Decision == "explicitDeny" ? $" by {statements}" : "")}): SageMaker would get no registry credentials.{fullAccessNote} Add a statement allowing lambda:InvokeFunction on {provider.UnqualifiedArn} and {provider.UnqualifiedArn}:*.",
            evidence, provider.Location);
    }
}

/// <summary>PFC-IAM-003: the role has the EC2 actions VPC mode needs.</summary>
internal sealed class RoleVpcPermissionsRule : RoleRule
{
    public override string Id => "PFC-IAM-003";

    /// <summary>The actions AWS's page on VPC access for hosted models tells a custom policy to add, all of them.</summary>
    internal static readonly string[] Required =
    [
        "ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcEndpoints",
    ];

    protected override string? NotApplicable(ModelPlan model) =>
        base.NotApplicable(model) ?? (model.VpcConfig is null ? $"Model {model.Name} has no VpcConfig, so SageMaker creates no network interfaces for it." : null);

    protected override Finding JudgeRole(AwsScope scope, string role, string target, SourceLocation? location)
    {
        var simulations = Simulations(scope, role, IamSimulationPurpose.RoleVpcAccess);
        var decisions = Required.ToDictionary(a => a, a => simulations.FirstOrDefault(s => string.Equals(s.Action, a, StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);
        var evidence = Evidence(("role", role), ("decisions", AwsText.List(decisions.Select(d => $"{d.Key} {d.Value?.Decision ?? "not simulated"}"))));
        var missingFacts = Required.Where(a => decisions[a] is not { Status.IsOk: true, Decision: not null }).ToArray();
        var denied = Required.Where(a => decisions[a] is { Status.IsOk: true, Decision: not null and not "allowed" }).ToArray();
        if (denied.Length > 0)
        {
            return scope.Finding(Outcome.Fail, target,
                $"Role {role} lacks {AwsText.List(denied)}, which SageMaker needs to attach model {scope.Name} to the VPC: grant them (EC2 Describe actions need \"Resource\": \"*\").",
                evidence, location);
        }

        if (missingFacts.Length > 0)
        {
            var failed = decisions[missingFacts[0]];
            return scope.Finding(Outcome.Unknown, target,
                AwsText.Failed(failed?.Status, $"the simulation of {AwsText.List(missingFacts)} for {role}", "iam:SimulatePrincipalPolicy"), evidence, location);
        }

        return scope.Finding(Outcome.Pass, target, $"Role {role} is allowed the EC2 network-interface and describe actions VPC mode needs. {SimulationCaveat}", evidence, location);
    }
}

/// <summary>PFC-IAM-004: the deployer may pass the role to SageMaker and create the model.</summary>
internal sealed class DeployerCanPassRoleRule : RoleRule
{
    public override string Id => "PFC-IAM-004";

    protected override Finding JudgeRole(AwsScope scope, string role, string target, SourceLocation? location)
    {
        var deployer = scope.Aws.DeployerArn ?? scope.Aws.Caller?.Arn;
        var evidence = Evidence(("role", role), ("deployer", deployer));
        if (deployer is null)
        {
            return scope.Finding(Outcome.Unknown, target,
                scope.Aws.Caller is { Status.IsOk: false } caller
                    ? AwsText.Failed(caller.Status, "the caller identity", "sts:GetCallerIdentity")
                    : "The deploying identity is not known: pass --deployer-arn.",
                evidence, location);
        }

        var pass = Simulations(scope, deployer, IamSimulationPurpose.DeployerPassRole).FirstOrDefault(s => s.Resource == role)
            ?? Simulations(scope, deployer, IamSimulationPurpose.DeployerPassRole).FirstOrDefault();
        var create = Simulations(scope, deployer, IamSimulationPurpose.DeployerCreateModel).FirstOrDefault();
        evidence["passRole"] = pass?.Decision ?? "not simulated";
        evidence["createModel"] = create?.Decision ?? "not simulated";
        evidence["context"] = "iam:PassedToService=sagemaker.amazonaws.com";
        var denied = new List<string>();
        if (pass is { Status.IsOk: true, Decision: not null and not "allowed" })
        {
            denied.Add($"iam:PassRole on {role} ({pass.Decision})");
        }

        if (create is { Status.IsOk: true, Decision: not null and not "allowed" })
        {
            denied.Add($"sagemaker:CreateModel ({create.Decision})");
        }

        if (denied.Count > 0)
        {
            return scope.Finding(Outcome.Fail, target,
                $"Deployer {deployer} is not allowed {string.Join(" and ", denied)}, simulated with iam:PassedToService = sagemaker.amazonaws.com: CreateModel would be refused. Grant what is missing, PassRole limited to this role and to SageMaker. If another identity deploys, check it with --deployer-arn.",
                evidence, location);
        }

        var unknown = new[] { pass, create }.FirstOrDefault(s => s is not { Status.IsOk: true, Decision: not null });
        if (pass is not { Status.IsOk: true, Decision: not null } || create is not { Status.IsOk: true, Decision: not null })
        {
            return scope.Finding(Outcome.Unknown, target,
                AwsText.Failed(unknown?.Status, $"the simulation of iam:PassRole and sagemaker:CreateModel for {deployer}", "iam:SimulatePrincipalPolicy"), evidence, location);
        }

        var missing = (pass.MissingContextValues ?? []).Concat(create.MissingContextValues ?? []).Distinct().ToArray();
        return scope.Finding(Outcome.Pass, target,
            $"Deployer {deployer} may pass role {role} to SageMaker ({Statements(pass)}) and call sagemaker:CreateModel.{(missing.Length > 0 ? $" Context values the policies test were missing from the simulation: {AwsText.List(missing)}." : "")} {SimulationCaveat}",
            evidence, location);
    }
}

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
