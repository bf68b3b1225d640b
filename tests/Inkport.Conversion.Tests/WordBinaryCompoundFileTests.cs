using System.Buffers.Binary;
using Inkport.Conversion.Formats.Shared;

namespace Inkport.Conversion.Tests;

/// <summary>The compound file reader on files built here byte by byte: streams in regular and mini
/// sectors, extra DIFAT sectors, and each kind of damage it must refuse as corrupt.</summary>
public sealed class WordBinaryCompoundFileTests
{
    private static readonly byte[] Large = Pattern(9000, 7);
    private static readonly byte[] Small = Pattern(300, 3);

    [Fact]
    public void Regular_and_mini_streams_read_back_by_name()
    {
        var built = CfbBuilder.Build([("Large", Large), ("small", Small)]);
        var file = CompoundFile.Open(new MemoryStream(built.Bytes));
        Assert.Equal(["Large", "small"], file.RootChildren().Select(e => e.Name));
        Assert.Equal(Large, file.ReadStream(file.FindRootEntry("large")!, int.MaxValue));
        Assert.Equal(Small, file.ReadStream(file.FindRootEntry("SMALL")!, int.MaxValue));
        Assert.Null(file.FindRootEntry("missing"));
    }

    [Fact]
    public void A_stream_view_seeks_across_sectors()
    {
        var built = CfbBuilder.Build([("Large", Large)]);
        var file = CompoundFile.Open(new MemoryStream(built.Bytes));
        using var view = file.OpenStream(file.FindRootEntry("Large")!);
        view.Position = 1000;
        var buffer = new byte[700];
        view.ReadExactly(buffer);
        Assert.Equal(Large.AsSpan(1000, 700).ToArray(), buffer);
        Assert.Equal(Large.Length, view.Length);
    }

    [Fact]
    public void Fat_sectors_listed_in_extra_difat_sectors_are_read()
    {
        // 110 FAT sectors: one more than the header's DIFAT holds.
        var built = CfbBuilder.Build([("Large", Large), ("small", Small)], fatSectors: 110);
        var file = CompoundFile.Open(new MemoryStream(built.Bytes));
        Assert.Equal(Large, file.ReadStream(file.FindRootEntry("Large")!, int.MaxValue));
        Assert.Equal(Small, file.ReadStream(file.FindRootEntry("small")!, int.MaxValue));
    }

    [Fact]
    public void A_chain_that_loops_is_corrupt()
    {
        var built = CfbBuilder.Build([("Large", Large)]);
        var first = built.StreamStart["Large"];
        // Second sector of the stream points back to the first.
        SetFat(built, first + 1, (uint)first);
        var file = CompoundFile.Open(new MemoryStream(built.Bytes));
        AssertCorrupt(() => file.ReadStream(file.FindRootEntry("Large")!, int.MaxValue));
    }

    [Fact]
    public void A_chain_leaving_the_file_is_corrupt()
    {
        var built = CfbBuilder.Build([("Large", Large)]);
        SetFat(built, built.StreamStart["Large"], 0x00FFFFF0);
        var file = CompoundFile.Open(new MemoryStream(built.Bytes));
        AssertCorrupt(() => file.ReadStream(file.FindRootEntry("Large")!, int.MaxValue));
    }

    [Fact]
    public void A_stream_larger_than_the_file_is_corrupt()
    {
        var built = CfbBuilder.Build([("Large", Large)]);
        BinaryPrimitives.WriteUInt32LittleEndian(built.Bytes.AsSpan(built.DirectoryEntryOffset(1) + 120), 0x7FFFFFF0);
        AssertCorrupt(() => CompoundFile.Open(new MemoryStream(built.Bytes)));
    }

    [Fact]
    public void A_directory_cycle_is_corrupt()
    {
        var built = CfbBuilder.Build([("a", Small), ("b", Small)]);
        // Entry 2's right sibling points back to entry 1, whose right sibling is entry 2.
        BinaryPrimitives.WriteUInt32LittleEndian(built.Bytes.AsSpan(built.DirectoryEntryOffset(2) + 72), 1);
        var file = CompoundFile.Open(new MemoryStream(built.Bytes));
        AssertCorrupt(() => file.RootChildren());
    }

    [Fact]
    public void A_truncated_file_and_a_bad_header_are_corrupt()
    {
        var built = CfbBuilder.Build([("Large", Large)]);
        AssertCorrupt(() => CompoundFile.Open(new MemoryStream(built.Bytes[..300])));
        var truncated = built.Bytes[..(built.Bytes.Length - 4096)];
        AssertCorrupt(() =>
        {
            var file = CompoundFile.Open(new MemoryStream(truncated));
            file.ReadStream(file.FindRootEntry("Large")!, int.MaxValue);
        });
        var badShift = (byte[])built.Bytes.Clone();
        badShift[0x1E] = 20;
        AssertCorrupt(() => CompoundFile.Open(new MemoryStream(badShift)));
    }

    [Fact]
    public void A_stream_over_the_callers_cap_is_too_large()
    {
        var built = CfbBuilder.Build([("Large", Large)]);
        var file = CompoundFile.Open(new MemoryStream(built.Bytes));
        var error = Assert.Throws<ConversionException>(() => file.ReadStream(file.FindRootEntry("Large")!, 4096));
        Assert.Equal(JobStatusCodes.FileTooLarge, error.JobStatus);
    }

    private static void AssertCorrupt(Action action) =>
        Assert.Equal(JobStatusCodes.Corrupt, Assert.Throws<ConversionException>(action).JobStatus);

    private static void AssertCorrupt(Func<object> action) =>
        Assert.Equal(JobStatusCodes.Corrupt, Assert.Throws<ConversionException>(action).JobStatus);

    private static void SetFat(CfbBuilder.Result built, int sector, uint next) =>
        BinaryPrimitives.WriteUInt32LittleEndian(built.Bytes.AsSpan(512 + sector * 4), next);

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i * seed + i / 251);
        return bytes;
    }
}
