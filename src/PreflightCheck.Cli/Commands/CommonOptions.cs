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

    [Option("fail-on-unknown", Description = "exit 3 when a rule at or above --fail-on could not be evaluated")]
    [HasDefaultValue]
    public bool FailOnUnknown { get; set; }

    [Option("rules", ValueName = "PATTERN", Description = "run only these rules: an id, an area (NET) or a glob (PFC-TLS-*); repeatable")]
    [HasDefaultValue]
    public string[]? Rules { get; set; }

    [Option("skip-rules", ValueName = "PATTERN", Description = "skip these rules (same patterns as --rules); repeatable")]
    [HasDefaultValue]
    public string[]? SkipRules { get; set; }

    [Option("config", ValueName = "FILE", Description = "suppressions and rule settings (default: .preflight.yml when present)")]
    [HasDefaultValue]
    public string? Config { get; set; }

    [Option("timeout", ValueName = "SECONDS", Description = "per network operation (default 10)")]
    [HasDefaultValue]
    public double Timeout { get; set; } = 10;

    [Option("no-color", Description = "no colour in console output (NO_COLOR is honoured too)")]
    [HasDefaultValue]
    public bool NoColor { get; set; }
}
