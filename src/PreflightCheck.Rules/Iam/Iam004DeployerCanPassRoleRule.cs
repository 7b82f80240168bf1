using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Iam;

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
