using Cocona;

namespace PreflightCheck.Cli.Commands;

public sealed class CheckCommand(CommandLine commandLine)
{
    [Command("check", Description = "Collect facts, judge every rule and report")]
    public Task<int> Check(
        CommonOptions common,
        RegistryAccessOptions access,
        [Option("request", ValueName = "FILE", Description = "CreateModel request JSON (API, boto3 or --cli-input-json shape)")] string? request = null,
        [Option("endpoint-config", ValueName = "FILE", Description = "CreateEndpointConfig request JSON: instance types and counts")] string? endpointConfig = null,
        [Option("template", ValueName = "FILE", Description = "CloudFormation template (JSON or YAML) or Terraform plan JSON (terraform show -json)")] string? template = null,
        [Option("account", ValueName = "ID", Description = "AWS account id, for AWS::AccountId and role ARNs in templates")] string? account = null,
        [Option("model", ValueName = "NAME", Description = "read the model from SageMaker (DescribeModel)")] string? model = null,
        [Option("endpoint", ValueName = "NAME", Description = "read the endpoint's models from SageMaker (DescribeEndpoint, DescribeEndpointConfig, DescribeModel)")] string? endpoint = null,
        [Option("facts", ValueName = "FILE", Description = "replay a saved facts file with no network")] string? facts = null,
        [Option("save-facts", ValueName = "FILE", Description = "write the collected facts (no secrets) for replay or a support ticket")] string? saveFacts = null,
        [Option("offline", Description = "run only the rules that need no network")] bool offline = false,
        [Option("parameter", ValueName = "KEY=VALUE", Description = "a CloudFormation template parameter's value (overrides its Default); repeatable; CloudFormation only, not Terraform plans")] string[]? parameter = null) =>
        CommandRunner.RunAsync(() => new CheckRunner(Console.Out, Console.In, commandLine.Arguments).RunAsync(new CheckRequest(common, access)
        {
            Request = request,
            EndpointConfig = endpointConfig,
            Template = template,
            Parameters = parameter,
            Account = account,
            Model = model,
            Endpoint = endpoint,
            Facts = facts,
            SaveFacts = saveFacts,
            Offline = offline,
        }));
}
