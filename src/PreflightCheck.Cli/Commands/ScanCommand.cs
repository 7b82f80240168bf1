using Cocona;
using PreflightCheck.Core;

namespace PreflightCheck.Cli.Commands;

public sealed class ScanCommand(CommandLine commandLine)
{
    [Command("scan", Description = "Check every SageMaker model in the region with shared facts, in one combined report")]
    public Task<int> Scan(
        CommonOptions common,
        RegistryAccessOptions access,
        [Option("all-models", Description = "every model in the region (the default)")] bool allModels = false,
        [Option("endpoints", Description = "every endpoint in the region, each with the models of its variants")] bool endpoints = false,
        [Option("name-contains", ValueName = "TEXT", Description = "only models (or endpoints) whose name contains TEXT")] string? nameContains = null,
        [Option("concurrency", ValueName = "N", Description = "SageMaker Describe calls in flight at once")] int concurrency = 16,
        [Option("save-facts", ValueName = "FILE", Description = "write the collected facts (no secrets)")] string? saveFacts = null) =>
        CommandRunner.RunAsync(() =>
        {
            if (allModels && endpoints)
            {
                throw new InputException("give either --all-models or --endpoints, not both");
            }
            if (concurrency is < 1 or > 64)
            {
                throw new InputException($"--concurrency {concurrency} must be between 1 and 64");
            }

            return new CheckRunner(Console.Out, Console.In, commandLine.Arguments).RunAsync(
                new CheckRequest(common, access) { Scan = new ScanRequest(nameContains, concurrency, endpoints), SaveFacts = saveFacts });
        });
}
