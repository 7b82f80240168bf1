using Cocona;

namespace PreflightCheck.Cli.Commands;

/// <summary>Options every judging command (check, diagnose) shares.</summary>
public sealed class CommonOptions : ICommandParameterSet
{
    [Option("region", ValueName = "REGION", Description = "AWS region of the model (default: AWS_REGION, AWS_DEFAULT_REGION)")]
    [HasDefaultValue]
    public string? Region { get; set; }

    [Option("profile", ValueName = "NAME", Description = "AWS profile (default: standard AWS resolution)")]
    [HasDefaultValue]
    public string? Profile { get; set; }

    [Option("format", ValueName = "FORMAT", Description = "console|json|sarif|junit|markdown; repeatable, paired in order with --output")]
    [HasDefaultValue]
    public string[]? Format { get; set; }

    [Option("output", ValueName = "FILE", Description = "where the matching --format goes (default: standard output); repeatable")]
    [HasDefaultValue]
    public string[]? Output { get; set; }

    [Option("fail-on", ValueName = "LEVEL", Description = "error|warning|note|never: lowest level whose failure exits 1")]
    [HasDefaultValue]
    public string FailOn { get; set; } = "error";

    [Option("fail-on-unknown", Description = "exit 3 when a rule at or above --fail-on could not be evaluated (the default; kept for existing pipelines)")]
    [HasDefaultValue]
    public bool FailOnUnknown { get; set; }

    [Option("allow-unknown", Description = "exit 0 rather than 3 when rules at or above --fail-on could not be evaluated and none failed")]
    [HasDefaultValue]
    public bool AllowUnknown { get; set; }

    [Option("rules", ValueName = "PATTERN", Description = "run only these rules: an id, an area (NET) or a glob (PFC-TLS-*); repeatable")]
    [HasDefaultValue]
    public string[]? Rules { get; set; }

    [Option("skip-rules", ValueName = "PATTERN", Description = "skip these rules (same patterns as --rules); repeatable")]
    [HasDefaultValue]
    public string[]? SkipRules { get; set; }

    [Option("config", ValueName = "FILE", Description = "suppressions and rule settings (default: .preflight.yml when present)")]
    [HasDefaultValue]
    public string? Config { get; set; }

    [Option("verbose", Description = "console: list every result, passes included (default: what needs attention, passes counted)")]
    [HasDefaultValue]
    public bool Verbose { get; set; }

    [Option("no-color", Description = "no colour in console output (NO_COLOR is honoured too)")]
    [HasDefaultValue]
    public bool NoColor { get; set; }

    [Option("deployer-arn", ValueName = "ARN", Description = "the identity that will call CreateModel, for PFC-IAM-004 (default: the caller)")]
    [HasDefaultValue]
    public string? DeployerArn { get; set; }

    [Option("no-invoke", Description = "do not invoke the credential Lambda")]
    [HasDefaultValue]
    public bool NoInvoke { get; set; }

    [Option("pull-test", Description = "also pull each image through the Docker Engine API (DOCKER_HOST or the default socket) with the same credentials")]
    [HasDefaultValue]
    public bool PullTest { get; set; }

    [Option("run-test", Description = "also start each container through the Docker Engine API as SageMaker hosting does (serve, port 8080) and poll /ping")]
    [HasDefaultValue]
    public bool RunTest { get; set; }

    [Option("run-timeout", ValueName = "SECONDS", Description = "cap the /ping wait of --run-test (default: the variant's ContainerStartupHealthCheckTimeoutInSeconds, else 480)")]
    [HasDefaultValue]
    public double? RunTimeout { get; set; }

    [Option("run-memory", ValueName = "MIB", Description = "memory limit of --run-test (default: the instance type's memory)")]
    [HasDefaultValue]
    public int? RunMemory { get; set; }

    [Option("invoke-sample", ValueName = "FILE", Description = "with --run-test, POST this file to /invocations once /ping answers 200")]
    [HasDefaultValue]
    public string? InvokeSample { get; set; }

    [Option("content-type", ValueName = "TYPE", Description = "Content-Type of --invoke-sample")]
    [HasDefaultValue]
    public string ContentType { get; set; } = "application/json";
}

/// <summary>How to reach, trust and authenticate to the registry; shared by check, diagnose, scan and pin.</summary>
public sealed class RegistryAccessOptions : ICommandParameterSet
{
    [Option("timeout", ValueName = "SECONDS", Description = "per network operation")]
    [HasDefaultValue]
    public double Timeout { get; set; } = 10;

    [Option("registry-username", ValueName = "NAME", Description = "test registry access with this user instead of invoking the credential Lambda")]
    [HasDefaultValue]
    public string? RegistryUsername { get; set; }

    [Option("registry-password-stdin", Description = "read the registry password from standard input (with --registry-username)")]
    [HasDefaultValue]
    public bool RegistryPasswordStdin { get; set; }

    [Option("registry-address", ValueName = "IP", Description = "where the registry lives inside the VPC when its name does not resolve from here")]
    [HasDefaultValue]
    public string? RegistryAddress { get; set; }

    [Option("resolve", ValueName = "HOST:PORT:ADDRESS", Description = "dial ADDRESS for HOST:PORT, as curl does; repeatable")]
    [HasDefaultValue]
    public string[]? Resolve { get; set; }

    [Option("public-roots", ValueName = "FILE", Description = "PEM set that counts as public CAs, replacing the shipped Mozilla-derived set; the registry client trusts it too")]
    [HasDefaultValue]
    public string? PublicRoots { get; set; }

    [Option("registry-ca", ValueName = "FILE", Description = "extra PEM roots the registry client may trust to keep checking; never counts as public")]
    [HasDefaultValue]
    public string? RegistryCa { get; set; }
}
