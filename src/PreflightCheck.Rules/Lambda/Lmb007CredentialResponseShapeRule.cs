using System.Globalization;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>PFC-LMB-007: the provider answers {"Credentials":{"Username":…,"Password":…}}.</summary>
internal sealed class CredentialResponseShapeRule : InvocationRule
{
    public override string Id => "PFC-LMB-007";

    protected override Finding JudgeInvocation(AwsScope scope, ProviderSubject provider, LambdaInvocationFacts invocation)
    {
        var shape = invocation.Shape;
        var evidence = ProviderEvidence(provider,
            ("statusCode", invocation.StatusCode?.ToString(CultureInfo.InvariantCulture)),
            ("functionError", invocation.FunctionError),
            ("errorType", invocation.ErrorType),
            ("sizeBytes", invocation.SizeBytes?.ToString(CultureInfo.InvariantCulture)),
            ("jsonKind", shape?.JsonKind),
            ("topLevelKeys", shape is null ? null : AwsText.List(shape.TopLevelKeys)));
        if (invocation.TooLarge)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} returned {invocation.SizeBytes?.ToString(CultureInfo.InvariantCulture) ?? "too many"} bytes, far more than a credentials object: return only {{\"Credentials\":{{\"Username\":…,\"Password\":…}}}}.",
                evidence, provider.Location);
        }

        var functionTimeout = scope.Aws.Functions.FirstOrDefault(f => f.Arn == provider.Arn.Value)?.TimeoutSeconds;
        if (invocation.Status.Status == CollectionStatus.Timeout)
        {
            // The tool's own deadline: a slow function and a Lambda API that hangs look the same from here, so neither is blamed.
            return scope.Finding(Outcome.Unknown, provider.Target,
                $"Lambda did not answer the invocation of provider {provider.FunctionName} before this tool's own deadline{(invocation.Status.Message is null ? "" : $" ({invocation.Status.Message})")}, so its response is not known{(functionTimeout is null ? "" : $"; the function's own timeout is {functionTimeout} s")}. Run again with a --timeout above {(functionTimeout is null ? "the function's timeout" : $"{functionTimeout} s")}; only an answer from Lambda (an error, or the function's own timeout) shows a fault of the function.",
                evidence, provider.Location);
        }

        if (!invocation.Status.IsOk)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, AwsText.Failed(invocation.Status, $"the response of {provider.FunctionName}", "lambda:InvokeFunction"), evidence, provider.Location);
        }

        if (invocation is { FunctionError: not null, FunctionTimedOut: true })
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} ran out of its own timeout{(functionTimeout is null ? "" : $" of {functionTimeout} s")}: Lambda answered {invocation.FunctionError} \"Task timed out\", so SageMaker gets no credentials from it. Check what it waits for (a Secrets Manager call without a VPC endpoint or NAT is common), then raise its timeout if it is only slow.",
                evidence, provider.Location);
        }

        if (invocation.FunctionError is not null)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} failed when invoked ({invocation.FunctionError}{(invocation.ErrorType is null ? "" : $", {invocation.ErrorType}")}): read its CloudWatch logs and fix it.",
                evidence, provider.Location);
        }

        if (shape is { IsJson: true, HasCredentialsObject: true, UsernameIsNonEmptyString: true, PasswordIsNonEmptyString: true })
        {
            return scope.Finding(Outcome.Pass, provider.Target,
                $"Provider {provider.FunctionName} returns a Credentials object with a non-empty Username and Password (values not shown).", evidence, provider.Location);
        }

        var problems = new List<string>();
        if (shape is null || !shape.IsJson)
        {
            problems.Add("the response is not JSON");
        }
        else
        {
            foreach (var mistake in shape.Mistakes.Distinct())
            {
                problems.Add(mistake switch
                {
                    PayloadMistake.StatusCodeBodyWrapper => "it is an API Gateway style {\"statusCode\":…,\"body\":…} response; return the object itself",
                    PayloadMistake.LowerCaseKeys => "its keys are lower-case; they must be written Credentials, Username, Password",
                    PayloadMistake.JsonInString => "it returns the object as a JSON string; return the object, not json.dumps of it",
                    PayloadMistake.MissingCredentialsWrapper => "Username and Password are at the top level; put them inside a Credentials object",
                    _ => mistake.ToString(),
                });
            }

            if (shape.Mistakes.Count == 0 && !shape.HasCredentialsObject)
            {
                problems.Add($"it has no Credentials object (top-level keys: {(shape.TopLevelKeys.Count == 0 ? "none" : AwsText.List(shape.TopLevelKeys))}; JSON {shape.JsonKind})");
            }

            if (shape.HasCredentialsObject && !shape.UsernameIsNonEmptyString)
            {
                problems.Add("Credentials.Username is missing, empty or not a string");
            }

            if (shape.HasCredentialsObject && !shape.PasswordIsNonEmptyString)
            {
                problems.Add("Credentials.Password is missing, empty or not a string");
            }
        }

        return scope.Finding(Outcome.Fail, provider.Target,
            $"Provider {provider.FunctionName} does not return {{\"Credentials\":{{\"Username\":\"…\",\"Password\":\"…\"}}}}: {string.Join("; ", problems)}.", evidence, provider.Location);
    }
}
