using System.Globalization;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-011: started as SageMaker starts it, the container answers GET /ping with 200 within the startup window.</summary>
internal sealed class ContainerAnswersPingRule : RunTestRule
{
    public override string Id => "PFC-REG-011";

    protected override Verdict Judge(RunTestFacts test)
    {
        var evidence = Common(test);
        evidence["pingTimeout"] = $"{test.PingTimeoutSeconds} s ({test.PingTimeoutSource})";
        if (test.PingReadyMs is { } ready)
        {
            evidence["pingReadyMs"] = ready.ToString(CultureInfo.InvariantCulture);
            return new Verdict(Outcome.Pass, $"Started with `serve`, the container answered GET /ping on port 8080 with 200 after {ready} ms (window {test.PingTimeoutSeconds} s).", evidence);
        }

        if (test.ExitCode is not null)
        {
            return new Verdict(Outcome.Fail, $"Started with `serve`, the container {Death(test)}, before answering GET /ping: SageMaker would report that it did not pass the ping health check. Run `docker run <image> serve` locally and fix the start-up error.", evidence);
        }

        evidence["pingLast"] = test.PingLast ?? "no answer";
        return new Verdict(Outcome.Fail, $"The container kept running but did not answer GET /ping on port 8080 with 200 within {test.PingTimeoutSeconds} s ({test.PingTimeoutSource}); last attempt: {test.PingLast ?? "no answer"}. Make the server listen on 0.0.0.0:8080 and answer /ping once the model is loaded, or raise ContainerStartupHealthCheckTimeoutInSeconds if loading takes longer.", evidence);
    }
}
