using PreflightCheck.Cli.Commands;

namespace PreflightCheck.Cli;

internal sealed record ScanRequest(string? NameContains, int Concurrency, bool Endpoints = false);

/// <summary>What check, scan and diagnose ask for: the shared options and, by name, where the plan comes from.</summary>
internal sealed record CheckRequest(CommonOptions Common, RegistryAccessOptions Access)
{
    public string? Request { get; init; }

    public string? EndpointConfig { get; init; }

    public string? Template { get; init; }

    /// <summary><c>--parameter Key=Value</c>: CloudFormation parameter values for <see cref="Template"/>.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }

    public string? Account { get; init; }

    public string? Model { get; init; }

    public string? Endpoint { get; init; }

    public string? Facts { get; init; }

    public ScanRequest? Scan { get; init; }

    public string? SaveFacts { get; init; }

    public bool Offline { get; init; }
}
