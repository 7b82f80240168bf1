using PreflightCheck.Core.Rules;

namespace PreflightCheck.Core.Reports;

internal enum FailOn
{
    Never,
    Note,
    Warning,
    Error,
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int InputError = 2;
    public const int Unknown = 3;

    public static int For(Report report, FailOn failOn, bool failOnUnknown)
    {
        if (failOn == FailOn.Never)
        {
            return Ok;
        }

        var threshold = failOn switch
        {
            FailOn.Note => Level.Note,
            FailOn.Warning => Level.Warning,
            _ => Level.Error,
        };

        var active = report.Results.Where(r => r.Suppression is null && r.Level >= threshold).ToArray();
        if (active.Any(r => r.Outcome == Outcome.Fail))
        {
            return Findings;
        }

        return failOnUnknown && active.Any(r => r.Outcome is Outcome.Unknown or Outcome.Error) ? Unknown : Ok;
    }
}
