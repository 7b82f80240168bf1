namespace PreflightCheck.Core.Facts;

/// <summary>
/// One container started through a Docker Engine API the way SageMaker hosting starts it (<c>--run-test</c>):
/// <c>serve</c> as the argument, port 8080 published on loopback, the definition's environment and a memory limit.
/// <see cref="Status"/> says whether the engine could be used at all; what the container did is in the other fields.
/// </summary>
internal sealed record RunTestFacts(
    string Model,
    string Container,
    string Image,
    CollectionStatus Status,
    string? Message,
    string Endpoint)
{
    /// <summary>The memory limit the container ran under, in bytes; null when it did not start.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Where the limit came from: an instance type (<c>ml.m5.large</c>) or <c>--run-memory</c>.</summary>
    public string? MemoryLimitSource { get; init; }

    /// <summary>How long /ping was polled for at most, in seconds, and where that figure came from.</summary>
    public int PingTimeoutSeconds { get; init; }

    public string? PingTimeoutSource { get; init; }

    /// <summary>Milliseconds from the container's start to the first 200 on /ping; null when none came.</summary>
    public long? PingReadyMs { get; init; }

    /// <summary>The last /ping answer or error seen before giving up; null when a 200 came.</summary>
    public string? PingLast { get; init; }

    /// <summary>The highest memory use the engine reported while the container ran, in bytes.</summary>
    public long? PeakMemoryBytes { get; init; }

    public bool OomKilled { get; init; }

    /// <summary>Set when the container stopped by itself during the test.</summary>
    public long? ExitCode { get; init; }

    /// <summary>The last lines of the container's log, secrets redacted; empty unless it died or never answered.</summary>
    public IReadOnlyList<string> LogTail { get => _logTail; init => _logTail = value ?? []; }

    private readonly IReadOnlyList<string> _logTail = [];

    public InvocationFacts? Invocation { get; init; }

    /// <summary>Whether the container was removed afterwards (false only when the engine refused or vanished).</summary>
    public bool Removed { get; init; }

    public bool NetworkIsolated { get; init; }
}

/// <summary>One <c>POST /invocations</c> with the sample (<c>--invoke-sample</c>).</summary>
internal sealed record InvocationFacts(
    string Sample,
    string ContentType,
    int? StatusCode,
    long LatencyMs,
    long ResponseBytes,
    string? Error = null);
