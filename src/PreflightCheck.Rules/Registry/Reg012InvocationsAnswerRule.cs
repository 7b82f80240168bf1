using System.Globalization;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-012: POST /invocations with the sample (<c>--invoke-sample</c>) answers 2xx.</summary>
internal sealed class InvocationsAnswerRule : RunTestRule
{
    public override string Id => "PFC-REG-012";

    protected override Verdict Judge(RunTestFacts test)
    {
        var evidence = Common(test);
        if (test.Invocation is not { } call)
        {
            return test.PingReadyMs is null
                ? new Verdict(Outcome.Unknown, "/invocations was not tried: the container never answered /ping with 200 (see PFC-REG-011).", evidence)
                : new Verdict(Outcome.NotApplicable, "/invocations was not tried: give a sample request with --invoke-sample FILE [--content-type TYPE].", evidence);
        }

        evidence["sample"] = call.Sample;
        evidence["contentType"] = call.ContentType;
        evidence["latencyMs"] = call.LatencyMs.ToString(CultureInfo.InvariantCulture);
        evidence["responseBytes"] = call.ResponseBytes.ToString(CultureInfo.InvariantCulture);
        if (call.StatusCode is not { } status)
        {
            return new Verdict(Outcome.Fail, $"POST /invocations with {call.Sample} ({call.ContentType}) got no HTTP answer after {call.LatencyMs} ms: {call.Error}.", evidence);
        }

        evidence["status"] = status.ToString(CultureInfo.InvariantCulture);
        return status is >= 200 and < 300
            ? new Verdict(Outcome.Pass, $"POST /invocations with {call.Sample} ({call.ContentType}) answered {status} in {call.LatencyMs} ms with {call.ResponseBytes} bytes.", evidence)
            : new Verdict(Outcome.Fail, $"POST /invocations with {call.Sample} ({call.ContentType}) answered {status} after {call.LatencyMs} ms: SageMaker returns that to the caller as a model error. Check that the container accepts this Content-Type and the sample's format.", evidence);
    }
}
