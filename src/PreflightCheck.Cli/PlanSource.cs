using PreflightCheck.Collectors.Aws;
using PreflightCheck.Core;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs;
using PreflightCheck.Inputs.SageMaker;
using PreflightCheck.Inputs.Templates;

namespace PreflightCheck.Cli;

/// <summary>The plan a run judges and, when it was read from SageMaker endpoints, their status and FailureReason.</summary>
internal sealed record PlanRead(DeploymentPlan Plan, IReadOnlyList<EndpointStatusFacts> Endpoints);

/// <summary>Where a check's plan comes from: a request or template file, or SageMaker (one model, one endpoint, or a scan).</summary>
internal static class PlanSource
{
    /// <summary>Exactly one input, and the options that go with it.</summary>
    public static void Validate(CheckRequest request)
    {
        var sources = new[] { request.Request, request.Template, request.Facts, request.Model, request.Endpoint }.Count(s => s is not null) + (request.Scan is null ? 0 : 1);
        if (sources != 1)
        {
            throw new InputException(sources == 0
                ? "check needs an input: --request FILE (CreateModel JSON), --template FILE (CloudFormation or Terraform plan), --model NAME or --endpoint NAME (read from SageMaker), or --facts FILE (a saved snapshot)"
                : "give only one of --request, --template, --model, --endpoint and --facts");
        }

        if (request.Parameters is { Count: > 0 } && request.Template is null)
        {
            throw new InputException("--parameter goes with --template (a CloudFormation template's parameters)");
        }

        if (request.EndpointConfig is not null && request.Request is null)
        {
            throw new InputException("--endpoint-config goes with --request (a template carries its own endpoint configs)");
        }
    }

    /// <summary>Whether the plan is read from SageMaker, so the run opens its AWS session before reading it.</summary>
    public static bool FromSageMaker(CheckRequest request) => request.Model is not null || request.Endpoint is not null || request.Scan is not null;

    public static async Task<PlanRead> ReadAsync(CheckRequest request, string? region, AwsCollection? session)
    {
        if (request.Template is not null)
        {
            var plan = TemplateInput.Read(request.Template, region, request.Account, TemplateInput.Parameters(request.Parameters));
            foreach (var note in plan.Notes)
            {
                Console.Error.WriteLine($"note: {note}");
            }

            return new PlanRead(plan, []);
        }

        if (request.Request is not null)
        {
            return new PlanRead(RequestInput.Read(request.Request, request.EndpointConfig, region), []);
        }

        var reader = new SageMakerPlanReader(session!.SageMaker);
        if (request.Scan is { Endpoints: true } endpointScan)
        {
            var (plan, endpoints) = await reader.ReadAllEndpointsAsync(endpointScan.NameContains, endpointScan.Concurrency, Progress("endpoints"), CancellationToken.None, Warn).ConfigureAwait(false);
            return new PlanRead(plan, endpoints);
        }

        if (request.Scan is { } scan)
        {
            return new PlanRead(await reader.ReadAllModelsAsync(scan.NameContains, scan.Concurrency, Progress("models"), CancellationToken.None, Warn).ConfigureAwait(false), []);
        }

        if (request.Model is not null)
        {
            return new PlanRead(await reader.ReadModelAsync(request.Model, CancellationToken.None).ConfigureAwait(false), []);
        }

        var (endpointPlan, status) = await reader.ReadEndpointAsync(request.Endpoint!, CancellationToken.None).ConfigureAwait(false);
        return new PlanRead(endpointPlan, [status]);
    }

    private static void Warn(string message)
    {
        lock (Console.Error)
        {
            Console.Error.WriteLine($"warning: {message}");
        }
    }

    /// <summary>A one-line progress count on a terminal's standard error; nothing when it is redirected.</summary>
    private static IProgress<(int Done, int Total)>? Progress(string what) =>
        Console.IsErrorRedirected ? null : new Progress<(int Done, int Total)>(p =>
        {
            var width = 30;
            var filled = p.Total == 0 ? width : p.Done * width / p.Total;
            Console.Error.Write($"\rreading {what} [{new string('#', filled)}{new string('.', width - filled)}] {p.Done}/{p.Total}");
            if (p.Done == p.Total)
            {
                Console.Error.WriteLine();
            }
        });
}
