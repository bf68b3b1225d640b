using Microsoft.AspNetCore.StaticFiles;
using Inkport.Conversion;
using Inkport.Core.Drive;

namespace Inkport.Server.Wire;

public static class ContentTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = new();

    /// <summary>The Content-Type of a download, from its file name; never JSON, which SDKs would parse as an envelope.</summary>
    public static string Of(string fileName) =>
        Provider.TryGetContentType(fileName, out var type) && !type.Contains("json") ? type : "application/octet-stream";
}

/// <summary>Browser URLs of documents: /docx/, /sheets/, /base/ as on Feishu.</summary>
public static class DocumentUrls
{
    public static string Segment(ImportTarget target) => target switch
    {
        ImportTarget.Docx => NodeType.Docx.UrlSegment(),
        ImportTarget.Sheet => NodeType.Sheet.UrlSegment(),
        _ => NodeType.Bitable.UrlSegment(),
    };
}
