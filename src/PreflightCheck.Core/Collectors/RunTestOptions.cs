namespace PreflightCheck.Core.Collectors;

/// <summary>The <c>--run-test</c> option group, as the CLI parsed it.</summary>
internal sealed record RunTestOptions
{
    /// <summary><c>--run-timeout</c>: caps the variant's startup health-check timeout (for CI); null means no cap.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary><c>--run-memory</c>: the memory limit in MiB instead of the instance type's memory.</summary>
    public int? MemoryMiB { get; init; }

    /// <summary><c>--invoke-sample</c>: a file posted once to /invocations after /ping answered 200.</summary>
    public string? SampleFile { get; init; }

    /// <summary>The bytes of <see cref="SampleFile"/>, read once by the CLI through the input-file checks.</summary>
    public byte[]? Sample { get; init; }

    public string ContentType { get; init; } = "application/json";

    /// <summary>The Docker Engine endpoint; null means DOCKER_HOST, else the default socket.</summary>
    public string? Endpoint { get; init; }
}
