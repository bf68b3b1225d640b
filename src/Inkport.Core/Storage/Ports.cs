using Inkport.Core.Drive;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Media;

namespace Inkport.Core.Storage;

// The storage ports. Stores map rows and bytes and keep their promises atomically;
// every rule (limits, expiry, permissions, state transitions) lives in Core.
// One contract suite (tests/Inkport.Storage.Tests) runs against every implementation.

/// <summary>Bytes of uploads, keyed by an opaque id. Writes are atomic: a reader sees all or nothing.</summary>
public interface IBlobStore
{
    /// <summary>Streams <paramref name="content"/> into a new blob and returns its length. If reading
    /// the content throws, nothing is left behind and the exception propagates.</summary>
    Task<long> WriteAsync(string blobId, Stream content, CancellationToken ct);

    /// <summary>A readable, seekable stream over the blob, or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string blobId, CancellationToken ct);

    Task DeleteAsync(string blobId, CancellationToken ct);
}

public interface ITokenStore
{
    Task InsertAsync(AccessToken token, CancellationToken ct);
    Task<AccessToken?> FindAsync(string token, CancellationToken ct);
    /// <summary>The token of this kind issued last for the app (and user), for Feishu's reuse rule.</summary>
    Task<AccessToken?> FindLatestAsync(string appId, TokenKind kind, string? userId, CancellationToken ct);
}

public interface IMediaStore
{
    Task InsertAsync(MediaFile media, CancellationToken ct);
    Task<MediaFile?> GetAsync(string fileToken, CancellationToken ct);
    /// <summary>The media files uploaded into <paramref name="parentNode"/> (a document's images and files).</summary>
    Task<IReadOnlyList<MediaFile>> ListByParentAsync(string parentNode, CancellationToken ct);
    Task DeleteAsync(string fileToken, CancellationToken ct);
}

public interface IDriveStore
{
    Task InsertAsync(DriveNode node, CancellationToken ct);
    Task<DriveNode?> GetAsync(string token, CancellationToken ct);
    /// <summary>The owner's root folder, or null when it has not been created yet.</summary>
    Task<DriveNode?> GetRootAsync(string ownerId, CancellationToken ct);
    /// <summary>Inserts <paramref name="root"/> unless the owner already has a root; returns the root that stands.</summary>
    Task<DriveNode> GetOrInsertRootAsync(DriveNode root, CancellationToken ct);
    Task<int> CountChildrenAsync(string parentToken, CancellationToken ct);

    /// <summary>Inserts a node unless its parent already has <paramref name="maxChildren"/> children or its drive
    /// <paramref name="maxNodes"/> nodes — checked and inserted atomically, so concurrent callers cannot both
    /// take the last place.</summary>
    Task<PlacementResult> InsertChildAsync(DriveNode node, int maxChildren, int maxNodes, CancellationToken ct);

    /// <summary>Children of a folder in the given order, from position <paramref name="offset"/>.</summary>
    Task<IReadOnlyList<DriveNode>> ListChildrenAsync(string parentToken, NodeOrder order, bool descending, long offset, int limit, CancellationToken ct);

    /// <summary>Removes a node and everything under it; returns the removed nodes (for their bytes and documents).</summary>
    Task<IReadOnlyList<DriveNode>> DeleteSubtreeAsync(string token, CancellationToken ct);

    /// <summary>Bytes a tenant stores: its uploaded media and drive files.</summary>
    Task<long> TenantUsageAsync(string tenantKey, CancellationToken ct);
}

/// <summary>A collaborator of a drive node: a principal (by open id) with a permission level.</summary>
public sealed record NodeMember(string NodeToken, string OpenId, string MemberType, string MemberId, Drive.Permission Permission);

public interface IPermissionStore
{
    /// <summary>Adds the member, or changes its permission if the principal is already one.</summary>
    Task UpsertMemberAsync(NodeMember member, CancellationToken ct);
    Task<IReadOnlyList<NodeMember>> ListMembersAsync(string nodeToken, CancellationToken ct);
    /// <summary>Memberships of one principal on any of the given nodes (a node and its ancestors).</summary>
    Task<IReadOnlyList<NodeMember>> FindMembershipsAsync(IReadOnlyList<string> nodeTokens, string openId, CancellationToken ct);
    Task DeleteMembersOfAsync(IReadOnlyList<string> nodeTokens, CancellationToken ct);
}

/// <summary>OAuth 2.0 grants: authorization codes (5 minutes) and refresh tokens (7 days), each single-use.</summary>
public sealed record OAuthGrant(string Code, OAuthGrantKind Kind, string AppId, string UserId, string RedirectUri,
    string? CodeChallenge, string? CodeChallengeMethod, string Scope, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    public DateTimeOffset? UsedAt { get; init; }
}

public enum OAuthGrantKind { AuthorizationCode, RefreshToken }

public interface IGrantStore
{
    Task InsertAsync(OAuthGrant grant, CancellationToken ct);
    Task<OAuthGrant?> FindAsync(string code, CancellationToken ct);
    /// <summary>Marks the grant used if nobody has; true for exactly one caller.</summary>
    Task<bool> TryConsumeAsync(string code, DateTimeOffset now, CancellationToken ct);
}

public interface IImportTaskStore
{
    Task InsertAsync(ImportTask task, CancellationToken ct);
    Task<ImportTask?> GetAsync(string ticket, CancellationToken ct);

    /// <summary>Atomically finds the oldest task that is Initializing, or Processing with a lease
    /// expired at <paramref name="now"/>, applies <paramref name="claim"/> to it and stores the result.
    /// Two concurrent callers never claim the same task. Null when there is none.</summary>
    Task<ImportTask?> ClaimNextAsync(DateTimeOffset now, Func<ImportTask, ImportTask> claim, CancellationToken ct);

    /// <summary>Extends the lease if <paramref name="worker"/> still holds it; false when it was lost.</summary>
    Task<bool> RenewLeaseAsync(string ticket, string worker, DateTimeOffset until, CancellationToken ct);

    /// <summary>Stores a finished task if <paramref name="worker"/> still holds its lease, and in the same
    /// transaction places <paramref name="document"/> (the node of the created document) under the tree limits
    /// when given. Nothing is written unless the result is <see cref="CompletionResult.Completed"/>.</summary>
    Task<CompletionResult> CompleteAsync(ImportTask finished, string worker, DriveNode? document, int maxChildren, int maxNodes, CancellationToken ct);

    /// <summary>Calls <paramref name="inserted"/> soon after any process sharing this store inserts a task, until
    /// <paramref name="ct"/> is cancelled (then completes). A wake-up call only: callers still poll, so a missed
    /// call delays a task, never loses it.</summary>
    Task WatchInsertsAsync(Action inserted, CancellationToken ct);
}

public enum CompletionResult { Completed, LeaseLost, TooManyChildren, TooManyNodes }

/// <summary>A piece of a stored document: a docx block, a chunk of sheet rows, a table's fields...
/// Parts of one kind are ordered by <see cref="Seq"/> and optionally addressed by <see cref="Key"/>,
/// so reading a page or a range touches only the parts it needs.</summary>
public sealed record DocumentPart(string Kind, long Seq, string? Key, byte[] Data);

public interface IDocumentStore
{
    /// <summary>Inserts or replaces parts (same document, kind and seq), all in one transaction.</summary>
    Task PutPartsAsync(string documentToken, IReadOnlyList<DocumentPart> parts, CancellationToken ct);

    /// <summary>Parts of a kind with Seq ≥ <paramref name="fromSeq"/>, in Seq order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DocumentPart>> GetPartsAsync(string documentToken, string kind, long fromSeq, int limit, CancellationToken ct);

    Task<DocumentPart?> GetPartByKeyAsync(string documentToken, string kind, string key, CancellationToken ct);

    Task<long> CountPartsAsync(string documentToken, string kind, CancellationToken ct);

    /// <summary>Removes every part of the document (a retried import starts clean).</summary>
    Task DeleteDocumentAsync(string documentToken, CancellationToken ct);
}

/// <summary>Fixed-window counters for rate limits, shared by every process that serves the same data.</summary>
public interface IRateCounterStore
{
    /// <summary>Adds one to the counter of (key, window start) and returns the new count.</summary>
    Task<long> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, CancellationToken ct);
}

/// <summary>Multipart uploads in progress (02 §2) and their received blocks. Part bytes live in the blob
/// store; this store records which blob holds which block.</summary>
public interface IUploadSessionStore
{
    Task InsertAsync(UploadSession session, CancellationToken ct);
    Task<UploadSession?> GetAsync(string uploadId, CancellationToken ct);

    /// <summary>Records a block if its session still exists, replacing (atomically) an earlier attempt at the same seq.</summary>
    Task<PartRecorded> PutPartAsync(UploadPart part, CancellationToken ct);

    /// <summary>The blocks received so far, in seq order.</summary>
    Task<IReadOnlyList<UploadPart>> ListPartsAsync(string uploadId, CancellationToken ct);

    /// <summary>Removes the session and its part records in one step; returns the parts that were recorded,
    /// or null when the session no longer existed (another caller removed it first).</summary>
    Task<IReadOnlyList<UploadPart>?> DeleteAsync(string uploadId, CancellationToken ct);

    /// <summary>Sessions that expired before <paramref name="now"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<UploadSession>> ListExpiredAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>Declared bytes of a tenant's sessions: reserved of its quota until they finish or expire.</summary>
    Task<long> TenantReservedAsync(string tenantKey, CancellationToken ct);
}

/// <summary>Finds bytes whose owner is gone — left by a crash between two steps of a write, or by an import that
/// was abandoned — so that the orphan chore in Core can remove them.</summary>
public interface IOrphanFinder
{
    /// <summary>Blobs written at least <paramref name="minimumAge"/> ago (by the store's clock) that no media file, drive
    /// file or upload part names, at most <paramref name="limit"/>. The age spares blobs whose owner is being recorded.</summary>
    Task<IReadOnlyList<string>> ListOrphanBlobsAsync(TimeSpan minimumAge, int limit, CancellationToken ct);

    /// <summary>Documents that have parts but neither a drive node nor an import task processing them, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListOrphanDocumentsAsync(int limit, CancellationToken ct);

    /// <summary>Media files of <paramref name="parentType"/> created before <paramref name="createdBefore"/> that no
    /// unfinished import task reads, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<MediaFile>> ListUnusedMediaAsync(string parentType, DateTimeOffset createdBefore, int limit, CancellationToken ct);
}

/// <summary>Named locks that at most one holder, in any process sharing the store, has at a time: a chore runs
/// where its lock was taken and is skipped elsewhere. An efficiency, not a safety net: chores stay correct when
/// they do overlap (a lost connection may release a lock early).</summary>
public interface IChoreLocks
{
    /// <summary>The lock, released on dispose; null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string chore, CancellationToken ct);
}

/// <summary>Everything a storage backend provides.</summary>
public interface IInkportStorage : IAsyncDisposable
{
    IBlobStore Blobs { get; }
    ITokenStore Tokens { get; }
    IMediaStore Media { get; }
    IDriveStore Drive { get; }
    IImportTaskStore ImportTasks { get; }
    IDocumentStore Documents { get; }
    IRateCounterStore RateCounters { get; }
    IPermissionStore Permissions { get; }
    IGrantStore Grants { get; }
    IUploadSessionStore UploadSessions { get; }
    IOrphanFinder Orphans { get; }
    IChoreLocks ChoreLocks { get; }
}
