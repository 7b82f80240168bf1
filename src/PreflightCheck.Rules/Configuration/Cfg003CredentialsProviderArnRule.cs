using System.Text.RegularExpressions;
using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Configuration;

internal sealed partial class CredentialsProviderArnRule : Rule
{
    public override string Id => "PFC-CFG-003";

    public override IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var region = context.Facts.Plan.Region;
        foreach (var model in context.Facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                var target = ModelContext.Target(container);
                var arn = container.CredentialsProviderArn;
                if (arn is null && model.Unresolved?.FirstOrDefault(u => u.ResourceType == "AWS::Lambda::Function"
                        && u.Field == $"container {container.Name}: ImageConfig.RepositoryAuthConfig.RepositoryCredentialsProviderArn") is { } function)
                {
                    yield return new Finding(Outcome.Pass, model.Name, target,
                        $"RepositoryCredentialsProviderArn of container {container.Name} is the ARN of Lambda function {function.LogicalId} of the same stack, so it is in the model's region.",
                        Evidence(("repositoryCredentialsProviderArn", function.Expression), ("region", region)), function.Location);
                    continue;
                }

                if (arn is null)
                {
                    yield return new Finding(Outcome.NotApplicable, model.Name, target,
                        $"Container {container.Name} has no RepositoryAuthConfig: no credential provider to check.", Location: container.Location);
                    continue;
                }

                var evidence = Evidence(("repositoryCredentialsProviderArn", arn.Value), ("region", region));
                if (!LambdaFunctionArn().IsMatch(arn.Value))
                {
                    yield return new Finding(Outcome.Fail, model.Name, target,
                        $"RepositoryCredentialsProviderArn \"{arn.Value}\" of container {container.Name} is not a Lambda function ARN: use arn:<partition>:lambda:<region>:<account>:function:<name>[:<version or alias>].",
                        evidence, arn.Location);
                    continue;
                }

                var parsed = AwsArn.TryParse(arn.Value)!;
                var partition = ModelContext.Partition(model, region);
                if (partition is not null && parsed.Partition != partition)
                {
                    yield return new Finding(Outcome.Fail, model.Name, target,
                        $"The credential provider is in partition {parsed.Partition} but model {model.Name} is in {partition}: SageMaker cannot invoke a function across partitions.",
                        evidence, arn.Location);
                    continue;
                }

                if (region is null)
                {
                    yield return new Finding(Outcome.Pass, model.Name, target,
                        $"RepositoryCredentialsProviderArn of container {container.Name} is a well-formed Lambda function ARN in {parsed.Region}; the model's region is not known (give --region) so the region could not be compared.",
                        evidence, arn.Location);
                    continue;
                }

                if (parsed.Region != region)
                {
                    yield return new Finding(Outcome.Fail, model.Name, target,
                        $"The credential provider function is in {parsed.Region} but model {model.Name} is created in {region}: deploy the provider function in {region}.",
                        evidence, arn.Location);
                    continue;
                }

                yield return new Finding(Outcome.Pass, model.Name, target,
                    $"RepositoryCredentialsProviderArn of container {container.Name} is a Lambda function ARN in {region}.",
                    evidence, arn.Location);
            }
        }
    }

    // The FunctionArn pattern of the Lambda API, with an optional version or alias qualifier.
    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9\-_]{1,64}(:(\$LATEST|[a-zA-Z0-9\-_]{1,128}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LambdaFunctionArn();
}
