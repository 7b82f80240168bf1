using System.Globalization;
using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>Rules over GetFunction / GetPolicy of the provider.</summary>
internal abstract class FunctionRule : ProviderRule
{
    public override FactNeeds Needs => FactNeeds.Lambda;

    protected sealed override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var function = scope.Aws.Functions.FirstOrDefault(f => f.Arn == provider.Arn.Value);
        if (function is null || (!function.Status.IsOk && function.Status.Status != CollectionStatus.NotFound))
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                AwsText.Failed(function?.Status, $"function {provider.Arn.Value}", "lambda:GetFunction"), ProviderEvidence(provider), provider.Location);
        }

        return JudgeFunction(scope, provider, function);
    }

    protected abstract Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function);
}

/// <summary>PFC-LMB-006: the provider exists, is Active, updated, in the model's region.</summary>
internal sealed class FunctionExistsRule : FunctionRule
{
    public override string Id => "PFC-LMB-006";

    protected override Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function)
    {
        var region = function.Region ?? AwsArn.TryParse(provider.Arn.Value)?.Region;
        var evidence = ProviderEvidence(provider, ("state", function.State), ("lastUpdateStatus", function.LastUpdateStatus), ("functionRegion", region), ("modelRegion", scope.Region));
        if (function.Status.Status == CollectionStatus.NotFound)
        {
            return scope.Finding(Outcome.Fail, provider.Target,
                $"Credentials provider {provider.Arn.Value} does not exist{(provider.Arn.Value != provider.UnqualifiedArn ? " (or has no such version or alias)" : "")}: deploy it, or fix RepositoryCredentialsProviderArn.",
                evidence, provider.Location);
        }

        var problems = new List<string>();
        if (scope.Region is not null && region is not null && region != scope.Region)
        {
            problems.Add($"it is in {region}, but the model is in {scope.Region}: deploy the provider in {scope.Region}");
        }

        if (!string.Equals(function.State, "Active", StringComparison.Ordinal))
        {
            problems.Add($"its state is {function.State ?? "unknown"}{(function.StateReason is null ? "" : $" ({function.StateReason})")}, not Active");
        }

        if (function.LastUpdateStatus is not null && !string.Equals(function.LastUpdateStatus, "Successful", StringComparison.Ordinal))
        {
            problems.Add($"its last update is {function.LastUpdateStatus}, not Successful: redeploy it");
        }

        return problems.Count == 0
            ? scope.Finding(Outcome.Pass, provider.Target, $"Credentials provider {function.FunctionName ?? provider.FunctionName} exists in {region}, Active, last update Successful.", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target, $"Credentials provider {provider.FunctionName} cannot serve SageMaker: {string.Join("; ", problems)}.", evidence, provider.Location);
    }
}

/// <summary>PFC-LMB-008: a provider in another account lets the role (or its account) invoke it.</summary>
internal sealed class CrossAccountFunctionPolicyRule : FunctionRule
{
    public override string Id => "PFC-LMB-008";

    protected override Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function)
    {
        var role = scope.Model.ExecutionRoleArn?.Value;
        var roleAccount = AwsArn.TryParse(role)?.Account;
        var functionAccount = function.Account ?? provider.Account;
        var evidence = ProviderEvidence(provider, ("functionAccount", functionAccount), ("roleAccount", roleAccount), ("role", role));
        if (role is null || roleAccount is null || functionAccount is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, $"Cannot compare the accounts of role '{role}' and provider {provider.Arn.Value}.", evidence, provider.Location);
        }

        if (roleAccount == functionAccount)
        {
            return scope.Finding(Outcome.NotApplicable, provider.Target,
                $"Provider {provider.FunctionName} and role {role} are both in account {roleAccount}; the role's own policy decides (PFC-IAM-002).", evidence, provider.Location);
        }

        if (function.Status.Status == CollectionStatus.NotFound)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, $"Provider {provider.Arn.Value} was not found (PFC-LMB-006), so its policy cannot be read.", evidence, provider.Location);
        }

        var policy = function.Policy;
        if (policy is null || (!policy.Status.IsOk && policy.Status.Status != CollectionStatus.NotFound))
        {
            return scope.Finding(Outcome.Unknown, provider.Target, AwsText.Failed(policy?.Status, $"the resource policy of {provider.FunctionName}", "lambda:GetPolicy"), evidence, provider.Location);
        }

        var granting = policy.Statements.Select((s, i) => (Statement: s, Name: PolicyLogic.Name(s, i)))
            .Where(s => PolicyLogic.IsAllow(s.Statement)
                && PolicyLogic.ActionMatches(s.Statement, "lambda:InvokeFunction")
                && s.Statement.Principals.Count > 0
                && PolicyLogic.PrincipalMatches(s.Statement, role, roleAccount))
            .ToArray();
        evidence["grantingStatements"] = AwsText.List(granting.Select(g => g.Name));
        return granting.Length > 0
            ? scope.Finding(Outcome.Pass, provider.Target,
                $"Provider {provider.FunctionName} (account {functionAccount}) lets role {role} of account {roleAccount} invoke it ({AwsText.List(granting.Select(g => g.Name))}).", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} is in account {functionAccount}, but its resource policy does not let role {role} (account {roleAccount}) invoke it: aws lambda add-permission --function-name {provider.UnqualifiedArn} --statement-id sagemaker-{roleAccount} --action lambda:InvokeFunction --principal {role}.",
                evidence, provider.Location);
    }
}

/// <summary>PFC-LMB-009: no literal secrets in the provider's environment.</summary>
internal sealed class PlaintextSecretsRule : FunctionRule
{
    public override string Id => "PFC-LMB-009";

    private static readonly string[] SecretWords = ["PASSWORD", "PASSWD", "PASS_WORD", "PWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH"];

    internal static bool IsSecretLike(string name)
    {
        var upper = name.ToUpperInvariant();
        return SecretWords.Any(w => upper.Contains(w, StringComparison.Ordinal));
    }

    protected override Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function)
    {
        if (function.Status.Status == CollectionStatus.NotFound)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, $"Provider {provider.Arn.Value} was not found (PFC-LMB-006).", ProviderEvidence(provider), provider.Location);
        }

        var variables = function.Environment ?? [];
        var secretLike = variables.Where(v => IsSecretLike(v.Name)).ToArray();
        var literal = secretLike.Where(v => v.Kind == EnvValueKind.Literal).Select(v => v.Name).Order(StringComparer.Ordinal).ToArray();
        var evidence = ProviderEvidence(provider, ("secretLikeVariables", AwsText.List(secretLike.Select(v => $"{v.Name} ({v.Kind.ToString().ToLowerInvariant()})"))));
        return literal.Length == 0
            ? scope.Finding(Outcome.Pass, provider.Target,
                secretLike.Length == 0
                    ? $"Provider {provider.FunctionName} has no environment variable with a secret-like name."
                    : $"Provider {provider.FunctionName}'s secret-like variables hold references, not literal values.",
                evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} keeps literal values in secret-like environment variables ({AwsText.List(literal)}): anyone who can read the function's configuration reads them. Store the registry password in Secrets Manager and put the secret's ARN in the variable instead.",
                evidence, provider.Location);
    }
}

/// <summary>Rules over the provider's invocation.</summary>
internal abstract class InvocationRule : ProviderRule
{
    public override FactNeeds Needs => FactNeeds.LambdaInvoke;

    protected sealed override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var invocation = scope.Aws.Invocations.FirstOrDefault(i => i.Arn == provider.Arn.Value);
        if (invocation is null || invocation.Status.Status == CollectionStatus.Skipped)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                $"Provider {provider.FunctionName} was not invoked ({invocation?.Status.Message ?? "--no-invoke, or the invocation was not collected"}), so its response cannot be judged.",
                ProviderEvidence(provider), provider.Location);
        }

        return JudgeInvocation(scope, provider, invocation);
    }

    protected abstract Finding JudgeInvocation(AwsScope scope, ProviderSubject provider, LambdaInvocationFacts invocation);
}

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

/// <summary>PFC-LMB-010: the invocation is quick and well inside the function's timeout.</summary>
internal sealed class InvocationLatencyRule : InvocationRule
{
    public override string Id => "PFC-LMB-010";

    protected override Finding JudgeInvocation(AwsScope scope, ProviderSubject provider, LambdaInvocationFacts invocation)
    {
        var timeout = scope.Aws.Functions.FirstOrDefault(f => f.Arn == provider.Arn.Value)?.TimeoutSeconds;
        var evidence = ProviderEvidence(provider,
            ("latencyMs", invocation.LatencyMs?.ToString(CultureInfo.InvariantCulture)),
            ("timeoutSeconds", timeout?.ToString(CultureInfo.InvariantCulture)));
        if (invocation.LatencyMs is not { } ms)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                invocation.Status.Status == CollectionStatus.Timeout
                    ? $"Invoking provider {provider.FunctionName} did not finish before this tool's deadline, so its latency is unknown (see PFC-LMB-007)."
                    : $"The invocation latency of provider {provider.FunctionName} was not measured.",
                evidence, provider.Location);
        }

        var problems = new List<string>();
        if (ms >= 5000)
        {
            problems.Add($"it took {ms} ms, 5 s or more");
        }

        if (timeout is > 0 && ms >= timeout.Value * 1000L / 2)
        {
            problems.Add($"it used {ms * 100 / (timeout.Value * 1000L)}% of its {timeout} s timeout");
        }

        return problems.Count == 0
            ? scope.Finding(Outcome.Pass, provider.Target, $"Provider {provider.FunctionName} answered in {ms} ms{(timeout is null ? "" : $", well inside its {timeout} s timeout")}.", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} is slow: {string.Join("; ", problems)}. Every pull waits for it, and a cold start on top can exceed the timeout: cache the secret, and raise the timeout.",
                evidence, provider.Location);
    }
}
