using System.IO.Compression;
using System.Xml;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>One relationship of a part: its type's last segment (the same for Transitional and
/// Strict), its target resolved to a part name (or the raw URI when external).</summary>
internal sealed record Relationship(string Type, string Target, bool External);

/// <summary>The OPC package of a Word file, read from a zip without ever trusting its sizes:
/// every part inflates through a counter that stops a zip bomb, and parts are found through
/// relationships and content types, not hard-coded paths.</summary>
internal sealed class WordPackage : IDisposable
{
    /// <summary>Any part may inflate to this much without question (a real body is rarely larger).</summary>
    private const long InflateFloor = 128L * 1024 * 1024;
    /// <summary>Beyond the floor, a part may not inflate more than this many times its compressed size.</summary>
    private const long MaxRatio = 400;
    /// <summary>No part may inflate beyond this, whatever its compressed size.</summary>
    private const long MaxPartBytes = 8L * 1024 * 1024 * 1024;
    private const int MaxEntries = 100_000;

    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _overrides = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _defaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, Relationship>> _relationships = new(StringComparer.OrdinalIgnoreCase);

    public string MainPart { get; }

    private WordPackage(ZipArchive zip)
    {
        _zip = zip;
        if (zip.Entries.Count > MaxEntries) throw ConversionException.Corrupt($"the zip declares {zip.Entries.Count} entries", "central directory");
        foreach (var entry in zip.Entries)
        {
            // Some writers use backslashes; part names are case-insensitive (OPC).
            var name = entry.FullName.Replace('\\', '/').TrimStart('/');
            _entries.TryAdd(name, entry);
        }
        ReadContentTypes();
        MainPart = FindMainPart();
    }

    /// <summary>Opens a Word package, or fails typed: an OLE compound file holding an encrypted
    /// package is <see cref="ConversionException.Encrypted"/>; anything else that is not a readable
    /// zip with a main document part is corrupt.</summary>
    public static WordPackage Open(Stream source)
    {
        var header = new byte[8];
        var read = source.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read == 0) throw ConversionException.Corrupt("the file is empty", "offset 0");
        if (read == header.Length && header.AsSpan().SequenceEqual(OleMagic))
        {
            if (HoldsEncryptedPackage(source)) throw ConversionException.Encrypted();
            throw ConversionException.Corrupt("an OLE compound file, not a zip package (a Word 97-2003 file renamed .docx?)", "offset 0");
        }
        if (read < 4 || header[0] != 'P' || header[1] != 'K') throw ConversionException.Corrupt("not a zip package", "offset 0");
        source.Seek(0, SeekOrigin.Begin);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw ConversionException.Corrupt($"unreadable zip ({e.Message})", "zip central directory", e);
        }
        try
        {
            return new WordPackage(zip);
        }
        catch (InvalidDataException e)
        {
            zip.Dispose();
            throw ConversionException.Corrupt($"unreadable zip ({e.Message})", "zip central directory", e);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Whether the compound file's directory has an "EncryptedPackage" stream (ECMA-376
    /// agile/standard encryption). Directory entries are 128 bytes, aligned on 128 bytes after the
    /// 512-byte header, with the UTF-16 name first and its byte length (with the terminator) at 64.</summary>
    private static bool HoldsEncryptedPackage(Stream source)
    {
        ReadOnlySpan<byte> name = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0\0\0"u8;
        source.Seek(512, SeekOrigin.Begin);
        var buffer = new byte[128 * 512];
        int filled;
        while ((filled = source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) >= 128)
        {
            for (var at = 0; at + 128 <= filled; at += 128)
            {
                var entry = buffer.AsSpan(at, 128);
                if (entry[64] == name.Length && entry[65] == 0 && entry.StartsWith(name)) return true;
            }
            if (filled < buffer.Length) break;
        }
        return false;
    }

    public bool Exists(string part) => _entries.ContainsKey(part);

    /// <summary>The content type of a part: its override, else the default for its extension.</summary>
    public string? ContentType(string part)
    {
        if (_overrides.TryGetValue(part, out var type)) return type;
        var dot = part.LastIndexOf('.');
        return dot >= 0 && _defaults.TryGetValue(part[(dot + 1)..], out type) ? type : null;
    }

    /// <summary>Uncompressed size the zip declares for a part (not trusted for safety, only for sizing).</summary>
    public long DeclaredLength(string part) => _entries.TryGetValue(part, out var entry) ? entry.Length : -1;

    /// <summary>A part's bytes as they inflate, bounded; null when the part does not exist.</summary>
    public Stream? OpenPart(string part, long maxBytes = MaxPartBytes)
    {
        if (!_entries.TryGetValue(part, out var entry)) return null;
        var allowed = Math.Min(maxBytes, Math.Max(InflateFloor, entry.CompressedLength * MaxRatio));
        try
        {
            return new BoundedStream(entry.Open(), Math.Min(allowed, MaxPartBytes), part);
        }
        catch (InvalidDataException e)
        {
            throw ConversionException.Corrupt($"unreadable zip entry ({e.Message})", part, e);
        }
    }

    /// <summary>A whole part in memory, for parts that are small by nature (at most <paramref name="maxBytes"/>).</summary>
    public byte[]? ReadPart(string part, long maxBytes)
    {
        using var stream = OpenPart(part, maxBytes);
        if (stream is null) return null;
        var declared = DeclaredLength(part);
        if (declared >= 0 && declared <= Math.Min(maxBytes, Array.MaxLength))
        {
            // Read straight into an array of the declared size (no copy); a part longer than declared is refused.
            var bytes = new byte[declared];
            var read = Guard(part, () => stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false));
            if (read < bytes.Length || Guard(part, () => stream.ReadByte()) >= 0)
                throw ConversionException.Corrupt("the part's size differs from the size the zip declares", part);
            return bytes;
        }
        using var buffer = new MemoryStream();
        Guard(part, () => stream.CopyTo(buffer));
        return buffer.ToArray();
    }

    /// <summary>The relationships of a part (from <c>_rels/&lt;name&gt;.rels</c> beside it), by id.</summary>
    public Dictionary<string, Relationship> Relationships(string part)
    {
        if (_relationships.TryGetValue(part, out var cached)) return cached;
        cached = ReadRelationships(part);
        _relationships[part] = cached;
        return cached;
    }

    private Dictionary<string, Relationship> ReadRelationships(string part)
    {
        var slash = part.LastIndexOf('/');
        var folder = slash < 0 ? "" : part[..(slash + 1)];
        var relsPart = folder + "_rels/" + part[(slash + 1)..] + ".rels";
        var result = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        using var stream = OpenPart(relsPart, 64L * 1024 * 1024);
        if (stream is null) return result;
        // Streamed, not loaded as a tree: a main part's relationships can run to thousands (one per hyperlink).
        Guard(relsPart, () =>
        {
            using var reader = XmlReader.Create(stream, WordXml.ReaderSettings());
            if (reader.MoveToContent() != XmlNodeType.Element) return;
            var depth = reader.Depth;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth + 1 || reader.LocalName != "Relationship") continue;
                var id = reader.GetAttribute("Id", "");
                var type = reader.GetAttribute("Type", "");
                var target = reader.GetAttribute("Target", "");
                if (id is null || type is null || target is null || result.ContainsKey(id)) continue;
                var external = string.Equals(reader.GetAttribute("TargetMode", ""), "External", StringComparison.OrdinalIgnoreCase);
                var typeName = type[(type.LastIndexOf('/') + 1)..];
                result.Add(id, new Relationship(typeName, external ? target : Resolve(folder, target), external));
            }
        });
        return result;
    }

    /// <summary>The first relationship of a part with the given type name (e.g. "styles").</summary>
    public string? RelatedPart(string part, string typeName)
    {
        foreach (var relationship in Relationships(part).Values)
        {
            if (!relationship.External && relationship.Type == typeName && Exists(relationship.Target)) return relationship.Target;
        }
        return null;
    }

    /// <summary>A relative target against a folder ("word/" + "../media/a.png" = "media/a.png");
    /// an absolute one ("/word/media/a.png") from the root.</summary>
    public static string Resolve(string folder, string target)
    {
        target = Uri.UnescapeDataString(target.Replace('\\', '/'));
        var hash = target.IndexOf('#');
        if (hash >= 0) target = target[..hash];
        var parts = new List<string>();
        if (!target.StartsWith('/')) parts.AddRange(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(segment);
        }
        return string.Join('/', parts);
    }

    /// <summary>Runs a read of a part, turning the zip and XML failures it can meet into "corrupt" at that part.</summary>
    public static T Guard<T>(string part, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw ConversionException.Corrupt($"unreadable zip entry ({e.Message})", part, e);
        }
        catch (XmlException e)
        {
            throw ConversionException.Corrupt($"malformed XML ({e.Message})", $"{part} line {e.LineNumber}, position {e.LinePosition}", e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw ConversionException.Corrupt($"truncated or unreadable part ({e.Message})", part, e);
        }
    }

    public static void Guard(string part, Action read) => Guard(part, () => { read(); return 0; });

    private void ReadContentTypes()
    {
        using var stream = OpenPart("[Content_Types].xml", 64L * 1024 * 1024);
        if (stream is null) return;
        var document = Guard("[Content_Types].xml", () => WordXml.LoadSmall(stream));
        foreach (var element in document.Root?.Elements() ?? [])
        {
            var type = (string?)element.Attribute("ContentType");
            if (type is null) continue;
            if (element.Name.LocalName == "Override" && (string?)element.Attribute("PartName") is { } name)
                _overrides.TryAdd(name.Replace('\\', '/').TrimStart('/'), type);
            else if (element.Name.LocalName == "Default" && (string?)element.Attribute("Extension") is { } extension)
                _defaults.TryAdd(extension, type);
        }
    }

    /// <summary>The officeDocument relationship of the package; failing that (hand-made packages),
    /// the part whose content type is a Word main part, then word/document.xml.</summary>
    private string FindMainPart()
    {
        if (RelatedPart("", "officeDocument") is { } related) return related;
        foreach (var (part, type) in _overrides)
        {
            if (type.Contains("wordprocessingml.document.main", StringComparison.OrdinalIgnoreCase)
                || type.Contains("ms-word.document.macroEnabled.main", StringComparison.OrdinalIgnoreCase)
                || type.Contains("wordprocessingml.template.main", StringComparison.OrdinalIgnoreCase))
            {
                if (Exists(part)) return part;
            }
        }
        if (Exists("word/document.xml")) return "word/document.xml";
        throw ConversionException.Corrupt("the package has no main document part", "_rels/.rels");
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>Counts inflated bytes and stops at the allowance: sizes declared in the zip are
    /// not trusted, so a bomb is stopped by what it really produces.</summary>
    private sealed class BoundedStream(Stream inner, long allowed, string part) : Stream
    {
        private long _read;

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
                throw ConversionException.Corrupt($"unreadable zip entry ({e.Message})", part, e);
            }
            _read += n;
            if (_read > allowed) throw ConversionException.Corrupt($"the part inflates beyond {allowed:N0} bytes (zip bomb?)", part);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
