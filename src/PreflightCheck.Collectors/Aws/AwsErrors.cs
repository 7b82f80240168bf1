using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Aws;

/// <summary>Maps AWS error codes to fact statuses, the same way for the SDK clients and the signed adapters.</summary>
internal static class AwsErrors
{
    private static readonly HashSet<string> Denied = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "UnauthorizedException",
    };

    private static readonly HashSet<string> BadCredentials = new(StringComparer.Ordinal)
    {
        "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
        "AuthFailure", "RequestExpired", "InvalidSignatureException", "IncompleteSignature", "MissingAuthenticationToken",
    };

    private static readonly HashSet<string> Throttled = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException", "PriorRequestNotComplete",
    };

    public static bool IsThrottling(string? code, int status) => status == 429 || (code is not null && Throttled.Contains(code));

    public static bool IsRetryable(string? code, int status) => IsThrottling(code, status) || status is 500 or 502 or 503 or 504;

    public static bool IsCredentialProblem(string? code) => code is not null && BadCredentials.Contains(code);

    /// <summary>An error the user must fix before anything can be checked: printed as one line, exit code 2.</summary>
    public static InputException CredentialError(string code, string? message) =>
        new($"AWS refused the credentials ({code}: {OneLine(message)}); refresh them (aws sso login, new session token) or pick another --profile");

    public static AwsApiException Classify(string? code, int status, string? message, string action)
    {
        if (IsCredentialProblem(code))
        {
            throw CredentialError(code!, message);
        }

        var text = $"{action}: {(code is null ? $"HTTP {status}" : code)}{(string.IsNullOrWhiteSpace(message) ? "" : ": " + OneLine(message))}";
        if (code is not null && Denied.Contains(code) || status == 403)
        {
            return new AwsApiException(new AwsStatus(CollectionStatus.AccessDenied, text, action), code);
        }

        if (status == 404 || code is "NoSuchEntity" or "ResourceNotFoundException" || code?.EndsWith(".NotFound", StringComparison.Ordinal) == true
            || code?.EndsWith("NotFound", StringComparison.Ordinal) == true
            || (code == "ValidationException" && message?.Contains("Could not find", StringComparison.OrdinalIgnoreCase) == true))
        {
            return new AwsApiException(new AwsStatus(CollectionStatus.NotFound, text, action), code);
        }

        if (status >= 500)
        {
            // Reached, and failed: said once, as the service's answer, with its code and message when they add anything.
            var detail = string.Join(": ", new[] { code, message == $"HTTP {status}" ? null : OneLine(message) }.Where(d => !string.IsNullOrWhiteSpace(d)));
            return new AwsApiException(new AwsStatus(CollectionStatus.Unreachable,
                $"{action}: the service answered {status}{(detail.Length == 0 ? "" : $" ({detail})")}", action, status), code);
        }

        if (IsThrottling(code, status))
        {
            return new AwsApiException(new AwsStatus(CollectionStatus.Unreachable, text, action, status), code);
        }

        return new AwsApiException(new AwsStatus(CollectionStatus.Invalid, text, action), code);
    }

    /// <summary>Any failure of one call, as a status; credential problems and cancellation by the caller propagate.</summary>
    public static AwsStatus StatusOf(Exception ex, string action, CancellationToken ct)
    {
        switch (ex)
        {
            case AwsApiException api:
                return api.Status;
            case Amazon.Runtime.AmazonServiceException service when service.ErrorCode is not null || service.StatusCode != 0:
                return Classify(service.ErrorCode, (int)service.StatusCode, service.Message, action).Status;
            case OperationCanceledException when ct.IsCancellationRequested:
                throw ex;
            case OperationCanceledException or TimeoutException:
                return new AwsStatus(CollectionStatus.Timeout, $"{action}: no answer in time", action);
            case HttpRequestException http:
                return new AwsStatus(CollectionStatus.Unreachable, $"{action}: {OneLine(http.Message)}", action);
            case Amazon.Runtime.AmazonServiceException service when service.InnerException is not null:
                return StatusOf(service.InnerException, action, ct);
            case Amazon.Runtime.AmazonClientException client:
                return new AwsStatus(CollectionStatus.Unreachable, $"{action}: {OneLine(client.Message)}", action);
            default:
                return new AwsStatus(CollectionStatus.Invalid, $"{action}: {ex.GetType().Name}: {OneLine(ex.Message)}", action);
        }
    }

    private static string OneLine(string? text) =>
        text is null ? "" : text.ReplaceLineEndings(" ").Trim() is { Length: > 300 } t ? t[..300] + "..." : text.ReplaceLineEndings(" ").Trim();
}
