namespace Inkport.Core.Errors;

/// <summary>A code a client can see: its number, Feishu's msg and the HTTP status the endpoint's page lists.</summary>
public sealed record FeishuError(int Code, string Msg, int HttpStatus)
{
    public FeishuException With(string detail) => new(this, detail);
    public FeishuException Exception() => new(this, null);
}

/// <summary>The one way a handler or a domain rule reports a wire error: throw a catalogue entry.</summary>
public sealed class FeishuException(FeishuError error, string? detail) : Exception(detail is null ? error.Msg : $"{error.Msg} {detail}")
{
    public FeishuError Error { get; } = error;

    /// <summary>Why, for the client (rendered into error.message); null when msg says it all.</summary>
    public string? Detail { get; } = detail;

    /// <summary>Rate-limit facts for the x-ogw-ratelimit-* headers.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>Field-level violations for error.field_violations.</summary>
    public IReadOnlyList<FieldViolation>? FieldViolations { get; init; }

    /// <summary>Scopes of which one is missing, for error.permission_violations.</summary>
    public IReadOnlyList<string>? MissingScopes { get; init; }
}

public sealed record RateLimitInfo(int Limit, int ResetSeconds);

public sealed record FieldViolation(string Field, string? Value, string Description);
