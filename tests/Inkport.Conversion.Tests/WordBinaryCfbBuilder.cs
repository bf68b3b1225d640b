using System.Buffers.Binary;
using System.Text;

namespace Inkport.Conversion.Tests;

/// <summary>Writes a version 3 compound file (512-byte sectors): FAT sectors first, then DIFAT
/// sectors, the directory, the MiniFAT, the mini stream and the regular streams. The root's
/// children are chained through right siblings.</summary>
internal static class CfbBuilder
{
    private const int SectorSize = 512;
    private const uint End = 0xFFFFFFFE, Free = 0xFFFFFFFF, FatMark = 0xFFFFFFFD, DifatMark = 0xFFFFFFFC, None = 0xFFFFFFFF;

    public sealed record Result(byte[] Bytes, Dictionary<string, int> StreamStart, int DirectorySector)
    {
        public int DirectoryEntryOffset(int id) => (DirectorySector + 1) * SectorSize + id * 128;
    }

    public static Result Build((string Name, byte[] Data)[] streams, int fatSectors = 1)
    {
        var miniData = new List<byte>();
        var miniFat = new List<uint>();
        var miniStart = new Dictionary<string, int>();
        foreach (var (name, data) in streams.Where(s => s.Data.Length < 4096))
        {
            var first = miniFat.Count;
            var count = (data.Length + 63) / 64;
            for (var i = 0; i < count; i++) miniFat.Add(i == count - 1 ? End : (uint)(first + i + 1));
            miniStart[name] = first;
            miniData.AddRange(data);
            miniData.AddRange(new byte[count * 64 - data.Length]);
        }

        var difatSectors = fatSectors > 109 ? (fatSectors - 109 + 126) / 127 : 0;
        var directoryEntries = streams.Length + 1;
        var directorySectors = (directoryEntries + 3) / 4;
        var miniFatSectors = miniFat.Count == 0 ? 0 : (miniFat.Count * 4 + SectorSize - 1) / SectorSize;
        var miniStreamSectors = (miniData.Count + SectorSize - 1) / SectorSize;

        var next = fatSectors + difatSectors;
        var directoryStart = next; next += directorySectors;
        var miniFatStart = next; next += miniFatSectors;
        var miniStreamStart = next; next += miniStreamSectors;
        var streamStart = new Dictionary<string, int>();
        foreach (var (name, data) in streams.Where(s => s.Data.Length >= 4096))
        {
            streamStart[name] = next;
            next += (data.Length + SectorSize - 1) / SectorSize;
        }
        var totalSectors = next;
        if (totalSectors > fatSectors * 128) throw new InvalidOperationException("not enough FAT sectors");

        var fat = Enumerable.Repeat(Free, fatSectors * 128).ToArray();
        for (var i = 0; i < fatSectors; i++) fat[i] = FatMark;
        for (var i = 0; i < difatSectors; i++) fat[fatSectors + i] = DifatMark;
        Chain(fat, directoryStart, directorySectors);
        Chain(fat, miniFatStart, miniFatSectors);
        Chain(fat, miniStreamStart, miniStreamSectors);
        foreach (var (name, data) in streams.Where(s => s.Data.Length >= 4096)) Chain(fat, streamStart[name], (data.Length + SectorSize - 1) / SectorSize);

        var bytes = new byte[(totalSectors + 1) * SectorSize];
        var header = bytes.AsSpan(0, SectorSize);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], (uint)fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], (uint)directoryStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], miniFatSectors == 0 ? End : (uint)miniFatStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x40..], (uint)miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], difatSectors == 0 ? End : (uint)fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x48..], (uint)difatSectors);
        for (var i = 0; i < 109; i++) BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + i * 4)..], i < fatSectors ? (uint)i : Free);

        for (var d = 0; d < difatSectors; d++)
        {
            var sector = Sector(bytes, fatSectors + d);
            for (var i = 0; i < 127; i++)
            {
                var fatIndex = 109 + d * 127 + i;
                BinaryPrimitives.WriteUInt32LittleEndian(sector[(i * 4)..], fatIndex < fatSectors ? (uint)fatIndex : Free);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(sector[508..], d == difatSectors - 1 ? End : (uint)(fatSectors + d + 1));
        }
        for (var i = 0; i < fat.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(Sector(bytes, i / 128)[(i % 128 * 4)..], fat[i]);

        var directory = bytes.AsSpan((directoryStart + 1) * SectorSize, directorySectors * SectorSize);
        for (var i = 0; i < directorySectors * 4; i++) WriteEntry(directory[(i * 128)..], "", 0, None, None, None, 0, 0);
        WriteEntry(directory, "Root Entry", 5, None, None, streams.Length > 0 ? 1u : None, miniStreamSectors == 0 ? End : (uint)miniStreamStart, miniData.Count);
        for (var i = 0; i < streams.Length; i++)
        {
            var (name, data) = streams[i];
            var start = data.Length < 4096 ? (uint)miniStart[name] : (uint)streamStart[name];
            WriteEntry(directory[((i + 1) * 128)..], name, 2, None, i + 1 < streams.Length ? (uint)(i + 2) : None, None, start, data.Length);
        }

        for (var i = 0; i < miniFat.Count; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((miniFatStart + 1) * SectorSize + i * 4), miniFat[i]);
        for (var i = miniFat.Count; i < miniFatSectors * 128; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((miniFatStart + 1) * SectorSize + i * 4), Free);
        miniData.ToArray().CopyTo(bytes, (miniStreamStart + 1) * SectorSize);
        foreach (var (name, data) in streams.Where(s => s.Data.Length >= 4096)) data.CopyTo(bytes, (streamStart[name] + 1) * SectorSize);

        var starts = new Dictionary<string, int>(streamStart);
        foreach (var (name, start) in miniStart) starts[name] = start;
        return new Result(bytes, starts, directoryStart);
    }

    private static Span<byte> Sector(byte[] bytes, int sector) => bytes.AsSpan((sector + 1) * SectorSize, SectorSize);

    private static void Chain(uint[] fat, int start, int count)
    {
        for (var i = 0; i < count; i++) fat[start + i] = i == count - 1 ? End : (uint)(start + i + 1);
    }

    private static void WriteEntry(Span<byte> entry, string name, byte type, uint left, uint right, uint child, uint start, long size)
    {
        entry[..128].Clear();
        var nameBytes = Encoding.Unicode.GetBytes(name);
        nameBytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)(name.Length == 0 ? 0 : nameBytes.Length + 2));
        entry[66] = type;
        entry[67] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[68..], left);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[72..], right);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[76..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[116..], start);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[120..], (ulong)size);
    }
}
