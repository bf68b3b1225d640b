using System.Buffers.Binary;
using System.Text;

namespace Inkport.Conversion.Formats.Shared;

/// <summary>One entry of a compound file's directory.</summary>
public sealed record CompoundFileEntry(int Id, string Name, CompoundFileEntryType Type, uint StartSector, long Size);

public enum CompoundFileEntryType : byte { Unknown = 0, Storage = 1, Stream = 2, Root = 5 }

/// <summary>A reader of the OLE compound file binary format ([MS-CFB], versions 3 and 4): header,
/// DIFAT (with its extra sectors), FAT, MiniFAT, directory and streams, read from a seekable
/// stream without loading it whole. Every chain walk is bounded by the file's sector count, so a
/// loop, an out-of-range sector or a size larger than the file is a <see cref="ConversionException.Corrupt"/>,
/// never a hang.</summary>
public sealed class CompoundFile
{
    public const int HeaderSize = 512;
    private const uint MaxRegularSector = 0xFFFFFFFA;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FreeSector = 0xFFFFFFFF;
    private const uint NoStream = 0xFFFFFFFF;
    private const int DirectoryEntrySize = 128;
    private const int HeaderDifatEntries = 109;

    private static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly Stream _stream;
    private readonly CancellationToken _cancellation;
    private readonly int _sectorSize;
    private readonly int _miniSectorSize;
    private readonly uint _miniStreamCutoff;
    private readonly long _sectorCount;
    private readonly uint[] _fat;
    private uint[]? _miniFat;
    private uint[]? _miniStreamSectors;
    private readonly uint _firstMiniFatSector;
    private readonly List<CompoundFileEntry> _entries;
    private readonly List<(uint Left, uint Right, uint Child)> _links;

    /// <summary>True when the bytes start with the compound file signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> header) => header.Length >= Signature.Length && header[..Signature.Length].SequenceEqual(Signature);

    /// <summary>All directory entries, by id (entry 0 is the root storage).</summary>
    public IReadOnlyList<CompoundFileEntry> Entries => _entries;

    private CompoundFile(Stream stream, CancellationToken cancellation)
    {
        _stream = stream;
        _cancellation = cancellation;
        if (stream.Length < HeaderSize) throw ConversionException.Corrupt("compound file shorter than its header", "offset 0");
        var header = new byte[HeaderSize];
        ReadAt(0, header);
        if (!HasSignature(header)) throw ConversionException.Corrupt("no compound file signature", "offset 0");

        var major = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1A));
        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
        var miniShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x20));
        // Version 3 uses 512-byte sectors, version 4 4096-byte ones; a few writers mix them, so the
        // shift decides, as long as it is one of the two.
        if (major is not (3 or 4) || sectorShift is not (9 or 12))
            throw ConversionException.Corrupt($"unsupported compound file version {major} / sector shift {sectorShift}", "header");
        if (miniShift != 6) throw ConversionException.Corrupt($"unsupported mini sector shift {miniShift}", "header");
        _sectorSize = 1 << sectorShift;
        _miniSectorSize = 1 << miniShift;
        _sectorCount = (stream.Length - _sectorSize + _sectorSize - 1) / _sectorSize;
        if (_sectorCount <= 0) throw ConversionException.Corrupt("compound file has no sectors", "header");

        var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x2C));
        var firstDirectorySector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x30));
        _miniStreamCutoff = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x38));
        _firstMiniFatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x3C));
        var firstDifatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x44));
        if (_miniStreamCutoff != 4096) throw ConversionException.Corrupt($"mini stream cutoff {_miniStreamCutoff} instead of 4096", "header");
        if (fatSectorCount > _sectorCount) throw ConversionException.Corrupt($"{fatSectorCount} FAT sectors declared in a file of {_sectorCount} sectors", "header");

        var fatSectors = ReadDifat(header, fatSectorCount, firstDifatSector);
        _fat = ReadFat(fatSectors);
        (_entries, _links) = ReadDirectory(firstDirectorySector);
    }

    /// <summary>Opens a compound file. The stream must be seekable; it stays owned by the caller
    /// and must outlive this reader.</summary>
    public static CompoundFile Open(Stream stream, CancellationToken cancellation = default)
    {
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("a compound file needs a readable, seekable stream", nameof(stream));
        return new CompoundFile(stream, cancellation);
    }

    /// <summary>The entries directly inside the root storage (the red-black tree of its children walked in
    /// order; a cycle or an out-of-range link is corrupt).</summary>
    public IReadOnlyList<CompoundFileEntry> RootChildren() => Children(_entries[0]);

    public IReadOnlyList<CompoundFileEntry> Children(CompoundFileEntry storage)
    {
        var result = new List<CompoundFileEntry>();
        var visited = new bool[_entries.Count];
        var pending = new Stack<uint>();
        var start = _links[storage.Id].Child;
        if (start != NoStream) pending.Push(start);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (id >= _entries.Count) throw ConversionException.Corrupt($"directory link to entry {id} of {_entries.Count}", $"directory entry {storage.Id}");
            if (visited[id]) throw ConversionException.Corrupt("directory tree has a cycle", $"directory entry {id}");
            visited[id] = true;
            result.Add(_entries[(int)id]);
            var (left, right, _) = _links[(int)id];
            if (left != NoStream) pending.Push(left);
            if (right != NoStream) pending.Push(right);
        }
        result.Sort((a, b) => a.Id.CompareTo(b.Id));
        return result;
    }

    /// <summary>The stream or storage of that name (case-insensitive, as [MS-CFB] compares) in the root storage.</summary>
    public CompoundFileEntry? FindRootEntry(string name)
    {
        foreach (var entry in RootChildren())
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase)) return entry;
        }
        return null;
    }

    /// <summary>A stream's whole content. Refuses (as too large) a stream over <paramref name="maxBytes"/>.</summary>
    public byte[] ReadStream(CompoundFileEntry entry, int maxBytes)
    {
        if (entry.Type != CompoundFileEntryType.Stream) throw ConversionException.Corrupt($"'{entry.Name}' is not a stream", $"directory entry {entry.Id}");
        if (entry.Size > maxBytes) throw ConversionException.TooLarge($"stream '{entry.Name}' holds {entry.Size} bytes, over the {maxBytes} this reader accepts");
        var buffer = new byte[entry.Size];
        using var view = OpenStream(entry);
        view.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>A seekable, read-only view of a stream, reading sectors on demand.</summary>
    public Stream OpenStream(CompoundFileEntry entry)
    {
        if (entry.Type != CompoundFileEntryType.Stream) throw ConversionException.Corrupt($"'{entry.Name}' is not a stream", $"directory entry {entry.Id}");
        if (entry.Size == 0) return new MemoryStream([], writable: false);
        if (entry.Size < _miniStreamCutoff)
        {
            var miniSectors = Chain(MiniFat(), entry.StartSector, entry.Size, _miniSectorSize, $"mini stream '{entry.Name}'");
            return new ChainStream(this, miniSectors, _miniSectorSize, entry.Size, mini: true);
        }
        var sectors = Chain(_fat, entry.StartSector, entry.Size, _sectorSize, $"stream '{entry.Name}'");
        return new ChainStream(this, sectors, _sectorSize, entry.Size, mini: false);
    }

    private List<uint> ReadDifat(byte[] header, uint fatSectorCount, uint firstDifatSector)
    {
        var fatSectors = new List<uint>((int)Math.Min(fatSectorCount, HeaderDifatEntries));
        for (var i = 0; i < HeaderDifatEntries && fatSectors.Count < fatSectorCount; i++)
        {
            fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C + i * 4)));
        }

        var entriesPerSector = _sectorSize / 4 - 1;
        var sector = firstDifatSector;
        var buffer = new byte[_sectorSize];
        var walked = 0L;
        while (fatSectors.Count < fatSectorCount)
        {
            if (sector is EndOfChain or FreeSector) break;
            // Bounded by the file's sectors rather than the declared count, which some writers get wrong.
            if (++walked > _sectorCount) throw ConversionException.Corrupt("DIFAT chain longer than the file (a loop?)", $"sector {sector}");
            ReadSector(sector, buffer, "DIFAT");
            for (var i = 0; i < entriesPerSector && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i * 4)));
            }
            sector = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(entriesPerSector * 4));
        }
        if (fatSectors.Count < fatSectorCount) throw ConversionException.Corrupt($"DIFAT lists {fatSectors.Count} of {fatSectorCount} FAT sectors", "DIFAT");
        return fatSectors;
    }

    private uint[] ReadFat(List<uint> fatSectors)
    {
        var perSector = _sectorSize / 4;
        var fat = new uint[(long)fatSectors.Count * perSector];
        var buffer = new byte[_sectorSize];
        for (var i = 0; i < fatSectors.Count; i++)
        {
            _cancellation.ThrowIfCancellationRequested();
            ReadSector(fatSectors[i], buffer, "FAT");
            for (var j = 0; j < perSector; j++) fat[i * perSector + j] = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(j * 4));
        }
        return fat;
    }

    private (List<CompoundFileEntry>, List<(uint, uint, uint)>) ReadDirectory(uint firstSector)
    {
        var sectors = Chain(_fat, firstSector, size: -1, _sectorSize, "directory");
        var entries = new List<CompoundFileEntry>();
        var links = new List<(uint, uint, uint)>();
        var buffer = new byte[_sectorSize];
        foreach (var sector in sectors)
        {
            ReadSector(sector, buffer, "directory");
            for (var offset = 0; offset + DirectoryEntrySize <= _sectorSize; offset += DirectoryEntrySize)
            {
                var raw = buffer.AsSpan(offset, DirectoryEntrySize);
                var id = entries.Count;
                var nameBytes = Math.Clamp((int)BinaryPrimitives.ReadUInt16LittleEndian(raw[64..]), 0, 64);
                var name = Encoding.Unicode.GetString(raw[..(nameBytes & ~1)]).TrimEnd('\0');
                var type = raw[66] is 1 or 2 or 5 ? (CompoundFileEntryType)raw[66] : CompoundFileEntryType.Unknown;
                var start = BinaryPrimitives.ReadUInt32LittleEndian(raw[116..]);
                // Version 3 files may leave garbage in the high half of the size: only the low half counts there.
                var size = _sectorSize == 512 ? BinaryPrimitives.ReadUInt32LittleEndian(raw[120..]) : (long)BinaryPrimitives.ReadUInt64LittleEndian(raw[120..]);
                if (type == CompoundFileEntryType.Stream && (size < 0 || size > _stream.Length))
                    throw ConversionException.Corrupt($"stream '{name}' declares {size} bytes in a file of {_stream.Length}", $"directory entry {id}");
                if (type == CompoundFileEntryType.Root && (size < 0 || size > _stream.Length))
                    throw ConversionException.Corrupt($"mini stream declares {size} bytes in a file of {_stream.Length}", "root entry");
                entries.Add(new CompoundFileEntry(id, name, type, start, size));
                links.Add((BinaryPrimitives.ReadUInt32LittleEndian(raw[68..]), BinaryPrimitives.ReadUInt32LittleEndian(raw[72..]), BinaryPrimitives.ReadUInt32LittleEndian(raw[76..])));
            }
        }
        if (entries.Count == 0 || entries[0].Type != CompoundFileEntryType.Root) throw ConversionException.Corrupt("the first directory entry is not the root storage", "directory entry 0");
        return (entries, links);
    }

    private uint[] MiniFat()
    {
        if (_miniFat is not null) return _miniFat;
        var sectors = _firstMiniFatSector is EndOfChain or FreeSector ? [] : Chain(_fat, _firstMiniFatSector, size: -1, _sectorSize, "MiniFAT");
        var perSector = _sectorSize / 4;
        var miniFat = new uint[(long)sectors.Length * perSector];
        var buffer = new byte[_sectorSize];
        for (var i = 0; i < sectors.Length; i++)
        {
            ReadSector(sectors[i], buffer, "MiniFAT");
            for (var j = 0; j < perSector; j++) miniFat[i * perSector + j] = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(j * 4));
        }
        return _miniFat = miniFat;
    }

    private uint[] MiniStreamSectors()
    {
        if (_miniStreamSectors is not null) return _miniStreamSectors;
        var root = _entries[0];
        return _miniStreamSectors = root.Size == 0 ? [] : Chain(_fat, root.StartSector, root.Size, _sectorSize, "mini stream container");
    }

    /// <summary>The sectors of a chain. With a size, exactly the sectors that size needs (a shorter chain
    /// is corrupt); without one (-1), up to the end-of-chain mark. A revisited or out-of-range sector is corrupt.</summary>
    private uint[] Chain(uint[] table, uint start, long size, int sectorSize, string what)
    {
        var needed = size < 0 ? -1 : (size + sectorSize - 1) / sectorSize;
        if (needed > table.Length) throw ConversionException.Corrupt($"{what} needs {needed} sectors, more than the allocation table holds", what);
        var sectors = new List<uint>(needed < 0 ? 16 : (int)needed);
        var visited = new bool[table.Length];
        var sector = start;
        while (needed < 0 ? sector != EndOfChain : sectors.Count < needed)
        {
            if (sector >= table.Length || sector > MaxRegularSector)
                throw ConversionException.Corrupt(sector == EndOfChain ? $"{what} ends before its declared size" : $"{what} links to sector {sector} outside the file", what);
            if (visited[sector]) throw ConversionException.Corrupt($"{what} chain loops back to sector {sector}", what);
            visited[sector] = true;
            sectors.Add(sector);
            sector = table[sector];
            if ((sectors.Count & 0xFFF) == 0) _cancellation.ThrowIfCancellationRequested();
        }
        return [.. sectors];
    }

    private void ReadSector(uint sector, byte[] buffer, string what)
    {
        if (sector >= _sectorCount) throw ConversionException.Corrupt($"{what} sector {sector} is beyond the end of the file", what);
        ReadAt(((long)sector + 1) * _sectorSize, buffer.AsSpan(0, _sectorSize));
    }

    /// <summary>Reads at an absolute offset; bytes past the end of the file (a short last sector) read as zero.</summary>
    private void ReadAt(long offset, Span<byte> destination)
    {
        _stream.Position = offset;
        var read = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        destination[read..].Clear();
    }

    /// <summary>A stream laid out on a sector chain (of the file, or of the mini stream).</summary>
    private sealed class ChainStream(CompoundFile file, uint[] sectors, int sectorSize, long length, bool mini) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            var total = 0;
            while (destination.Length > 0 && _position < length)
            {
                var index = _position / sectorSize;
                var within = (int)(_position % sectorSize);
                var chunk = (int)Math.Min(Math.Min(sectorSize - within, destination.Length), length - _position);
                ReadFromSector(sectors[index], within, destination[..chunk]);
                destination = destination[chunk..];
                _position += chunk;
                total += chunk;
            }
            return total;
        }

        private void ReadFromSector(uint sector, int within, Span<byte> destination)
        {
            if (!mini)
            {
                if (sector >= file._sectorCount) throw ConversionException.Corrupt($"sector {sector} is beyond the end of the file", "stream data");
                file.ReadAt(((long)sector + 1) * file._sectorSize + within, destination);
                return;
            }
            // A mini sector lives inside the mini stream, itself a chain of regular sectors.
            var container = file.MiniStreamSectors();
            var offset = (long)sector * file._miniSectorSize + within;
            var containerIndex = offset / file._sectorSize;
            if (containerIndex >= container.Length || offset + destination.Length > file._entries[0].Size)
                throw ConversionException.Corrupt($"mini sector {sector} is beyond the mini stream", "mini stream");
            var regular = container[containerIndex];
            if (regular >= file._sectorCount) throw ConversionException.Corrupt($"sector {regular} is beyond the end of the file", "mini stream");
            file.ReadAt(((long)regular + 1) * file._sectorSize + offset % file._sectorSize, destination);
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => length + offset,
            };
            return _position;
        }

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
