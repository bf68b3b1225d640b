using System.IO.Compression;
using System.Xml;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>One relationship of a part (OPC): its id, type URI and resolved target.
/// <see cref="Target"/> is a normalised part name for internal targets, the raw URI for external ones.</summary>
internal sealed record Relationship(string Id, string Type, string Target, bool External)
{
    /// <summary>Type URIs differ between transitional and Strict OOXML only before the last '/'.</summary>
    public bool Is(string kind) => Type.EndsWith("/" + kind, StringComparison.Ordinal);
}

/// <summary>The zip container of an Office Open XML file, addressed by part names: entry names are
/// normalised (backslashes, leading '/', case) so that parts are found through relationships
/// wherever the producer put them. Parts are inflated through <see cref="InflateGuard"/>.</summary>
internal sealed class XlsxPackage : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    private XlsxPackage(ZipArchive zip)
    {
        _zip = zip;
        foreach (var entry in zip.Entries)
            if (entry.Length > 0 || entry.CompressedLength > 0 || !entry.FullName.EndsWith('/'))
                _entries.TryAdd(Normalise(entry.FullName), entry);
    }

    public static XlsxPackage Open(Stream source)
    {
        try
        {
            return new XlsxPackage(new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true));
        }
        catch (InvalidDataException e)
        {
            throw ConversionException.Corrupt("not a zip package", inner: e);
        }
    }

    public bool Exists(string part) => _entries.ContainsKey(part);

    public long InflatedLength(string part) => _entries.TryGetValue(part, out var entry) ? entry.Length : 0;

    /// <summary>Parts inflated on a worker thread while they are parsed (smaller ones are not worth a thread).</summary>
    private const long ReadAheadBytes = 4L << 20;

    /// <summary>The inflated bytes of a part, bounded against zip bombs.</summary>
    public Stream OpenPart(string part)
    {
        var stream = OpenGuarded(part);
        return InflatedLength(part) >= ReadAheadBytes ? new ReadAheadStream(stream) : stream;
    }

    private Stream OpenGuarded(string part)
    {
        if (!_entries.TryGetValue(part, out var entry)) throw ConversionException.Corrupt("a referenced part is missing", part);
        InflateGuard.CheckDeclared(entry, part);
        try
        {
            return new InflateGuard(entry.Open(), entry.Length, part);
        }
        catch (InvalidDataException e)
        {
            throw ConversionException.Corrupt("a zip entry cannot be read", part, e);
        }
    }

    /// <summary>The relationships of <paramref name="part"/> ("" for the package), empty when it has none.</summary>
    public IReadOnlyList<Relationship> Relationships(string part)
    {
        var folder = FolderOf(part);
        var relsPart = (folder.Length == 0 ? "" : folder + "/") + "_rels/" + part[(folder.Length == 0 ? 0 : folder.Length + 1)..] + ".rels";
        if (!Exists(relsPart)) return [];
        var list = new List<Relationship>();
        using var reader = OpenXml(relsPart);
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship") continue;
                var id = reader.GetAttribute("Id");
                var type = reader.GetAttribute("Type");
                var target = reader.GetAttribute("Target");
                if (id is null || type is null || target is null) continue;
                var external = reader.GetAttribute("TargetMode") == "External";
                list.Add(new Relationship(id, type, external ? target : Resolve(folder, target), external));
            }
        }
        catch (XmlException e)
        {
            throw ConversionException.Corrupt("malformed XML", relsPart, e);
        }
        return list;
    }

    /// <summary>An XmlReader for a small part: no DTD, no resolver, whitespace and comments skipped.</summary>
    public XmlReader OpenXml(string part) => XmlReader.Create(OpenPart(part), new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    });

    /// <summary>A target URI relative to <paramref name="folder"/>, as a normalised part name.</summary>
    public static string Resolve(string folder, string target)
    {
        target = Uri.UnescapeDataString(target.Replace('\\', '/'));
        var hash = target.IndexOf('#');
        if (hash >= 0) target = target[..hash];
        var segments = new List<string>();
        if (!target.StartsWith('/') && folder.Length > 0) segments.AddRange(folder.Split('/'));
        foreach (var segment in target.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return string.Join('/', segments);
    }

    public static string FolderOf(string part)
    {
        var slash = part.LastIndexOf('/');
        return slash < 0 ? "" : part[..slash];
    }

    private static string Normalise(string entryName) => Resolve("", entryName);

    public void Dispose() => _zip.Dispose();
}

/// <summary>Bounds what a zip entry may inflate to: never more than its declared size, never more
/// than <see cref="MaxPartBytes"/>, and a part that declares more than <see cref="RatioFloorBytes"/>
/// may not claim a compression ratio above <see cref="MaxCompressionRatio"/> (real worksheet XML
/// compresses 5–30:1; Deflate's own ceiling is about 1,032:1).</summary>
internal sealed class InflateGuard(Stream inner, long declared, string part) : Stream
{
    public const long MaxPartBytes = 16L << 30;
    public const long RatioFloorBytes = 64L << 20;
    public const int MaxCompressionRatio = 250;

    private long _read;

    public static void CheckDeclared(ZipArchiveEntry entry, string part)
    {
        if (entry.Length > MaxPartBytes)
            throw ConversionException.TooLarge($"part {part} inflates to {entry.Length:N0} bytes (limit {MaxPartBytes:N0})");
        if (entry.Length > RatioFloorBytes && entry.Length > (long)MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
            throw ConversionException.Corrupt($"compression ratio above {MaxCompressionRatio}:1 (a zip bomb?)", part);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw ConversionException.Corrupt("a zip entry's compressed data is damaged", part, e);
        }
        _read += n;
        if (_read > declared) throw ConversionException.Corrupt("a zip entry inflates beyond its declared size", part);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => declared;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
