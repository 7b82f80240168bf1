namespace PreflightCheck.Core.Collectors;

/// <summary>The names collectors record in <see cref="Facts.CollectorRun"/>, which rules look up.</summary>
internal static class CollectorNames
{
    public const string Registry = "registry";
    public const string Tls = "tls";
    public const string PullTest = "pull-test";
    public const string RunTest = "run-test";
}
