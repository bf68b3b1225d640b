namespace Inkport.Client.Tests.Infrastructure;

/// <summary>A fact that needs multipart uploads on the server: skipped, with the reason, while the server answers
/// upload_prepare with HTTP 501 (asked once per run, of the server these tests start).</summary>
public sealed class MultipartFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Missing = new(() =>
    {
        using var host = new ServerHost();
        return host.MultipartMissingAsync().GetAwaiter().GetResult();
    });

    public MultipartFactAttribute()
    {
        if (Missing.Value) Skip = "needs multipart upload on the server (upload_prepare answers HTTP 501)";
    }
}
