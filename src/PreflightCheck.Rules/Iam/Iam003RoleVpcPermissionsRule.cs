using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Iam;

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
