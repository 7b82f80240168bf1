using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>Shared lookup of the model VPC's Lambda interface endpoint.</summary>
internal abstract class LambdaEndpointRule : ProviderRule
{
    public override FactNeeds Needs => FactNeeds.Ec2;

    protected override string? NotApplicable(Core.Plan.ModelPlan model) =>
        model.VpcConfig is null && model.Containers.Any(c => c.CredentialsProviderArn is not null)
            ? $"Model {model.Name} has no VpcConfig (PFC-CFG-002), so there is no VPC to look for a Lambda endpoint in."
            : base.NotApplicable(model);

    /// <summary>The endpoint, or a finding saying why there is none to judge.</summary>
    protected static (VpcEndpointFacts? Endpoint, Finding? Stop) Endpoint(AwsScope scope, ProviderSubject provider, bool missingIsFail = false)
    {
        var vpcId = scope.ModelVpcId;
        var evidence = ProviderEvidence(provider, ("vpc", vpcId), ("service", $"com.amazonaws.{scope.Region}.lambda"));
        if (vpcId is null)
        {
            return (null, scope.Finding(Outcome.Unknown, provider.Target,
                $"The VPC of model {scope.Name} is not known (see PFC-NET-001 and PFC-NET-002), so its Lambda endpoint cannot be looked up.", evidence, provider.Location));
        }

        var endpoints = scope.Network.VpcEndpoints;
        if (!endpoints.Status.IsOk)
        {
            return (null, scope.Finding(Outcome.Unknown, provider.Target,
                $"Cannot look up the Lambda endpoint of {vpcId}: {AwsText.Describe(endpoints.Status with { Action = endpoints.Status.Action ?? "ec2:DescribeVpcEndpoints" })}.", evidence, provider.Location));
        }

        var found = scope.LambdaEndpoints(vpcId);
        var endpoint = found.FirstOrDefault(e => string.Equals(e.State, "available", StringComparison.OrdinalIgnoreCase)) ?? found.FirstOrDefault();
        if (endpoint is null)
        {
            return (null, scope.Finding(missingIsFail ? Outcome.Fail : Outcome.NotApplicable, provider.Target,
                missingIsFail
                    ? $"VPC {vpcId} of model {scope.Name} has no interface endpoint for com.amazonaws.{scope.Region}.lambda, so the model cannot call its credentials provider {provider.FunctionName} from the VPC: create one in the model subnets with private DNS enabled."
                    : $"VPC {vpcId} has no Lambda interface endpoint to judge; PFC-LMB-001 reports that.",
                evidence, provider.Location));
        }

        return (endpoint, null);
    }
}
