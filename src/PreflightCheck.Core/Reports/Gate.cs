using PreflightCheck.Core.Rules;

namespace PreflightCheck.Core.Reports;

/// <summary>Which results a run's gate counts against it: what JUnit marks as failed and the console marks as blocking.</summary>
internal sealed record Gate(FailOn FailOn, bool UnknownFails)
{
    public static Gate Default { get; } = new(FailOn.Error, UnknownFails: true);

    public bool Fails(RuleResult result)
    {
        if (FailOn == FailOn.Never || result.Suppression is not null || result.Level < Threshold)
        {
            return false;
        }

        return result.Outcome == Outcome.Fail || (UnknownFails && result.Outcome is Outcome.Unknown or Outcome.Error);
    }

    private Level Threshold => FailOn switch
    {
        FailOn.Note => Level.Note,
        FailOn.Warning => Level.Warning,
        _ => Level.Error,
    };
}
