using System.Text.RegularExpressions;
using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Configuration;

internal sealed partial class ExecutionRoleArnRule : Rule
{
    public override string Id => "PFC-CFG-004";

    public override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var region = context.Facts.Plan.Region;
        foreach (var model in context.Facts.Plan.Models)
        {
            var target = ModelContext.Target(model);
            var role = model.ExecutionRoleArn;
            if (role is null && model.Unresolved?.FirstOrDefault(u => u.ResourceType == "AWS::IAM::Role" && u.Field.EndsWith(": ExecutionRoleArn", StringComparison.Ordinal)) is { } templateRole)
            {
                yield return new Finding(Outcome.Pass, model.Name, target,
                    $"ExecutionRoleArn of model {model.Name} is the ARN of IAM role {templateRole.LogicalId} of the same template ({templateRole.Expression}).",
                    Evidence(("executionRoleArn", templateRole.Expression)), templateRole.Location);
                continue;
            }

            if (role is null)
            {
                yield return new Finding(Outcome.Fail, model.Name, target,
                    $"Model {model.Name} has no ExecutionRoleArn: SageMaker needs a role to create network interfaces in the VPC and to invoke the credential provider; add the ARN of an IAM role that trusts sagemaker.amazonaws.com.",
                    Location: model.Location);
                continue;
            }

            var evidence = Evidence(("executionRoleArn", role.Value));
            if (role.Value.Length is < 20 or > 2048 || !RoleArn().IsMatch(role.Value))
            {
                var hint = role.Value.Contains(":user/", StringComparison.Ordinal) ? " It names an IAM user; SageMaker assumes a role."
                    : role.Value.Contains(":assumed-role/", StringComparison.Ordinal) ? " It is an STS session ARN; use the role's IAM ARN arn:aws:iam::<account>:role/<name>."
                    : string.Empty;
                yield return new Finding(Outcome.Fail, model.Name, target,
                    $"ExecutionRoleArn \"{role.Value}\" is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>).{hint}",
                    evidence, role.Location);
                continue;
            }

            var partition = region is null ? null : AwsArn.PartitionOfRegion(region);
            var rolePartition = AwsArn.TryParse(role.Value)!.Partition;
            if (partition is not null && partition != rolePartition)
            {
                yield return new Finding(Outcome.Fail, model.Name, target,
                    $"ExecutionRoleArn is in partition {rolePartition} but region {region} is in {partition}: use a role of the model's partition.",
                    evidence, role.Location);
                continue;
            }

            yield return new Finding(Outcome.Pass, model.Name, target,
                $"ExecutionRoleArn of model {model.Name} is an IAM role ARN.", evidence, role.Location);
        }
    }

    [GeneratedRegex(@"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArn();
}
