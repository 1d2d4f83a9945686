using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using XpFlywheel.Core.Primitives;
using XpFlywheel.Web.Data;
using XpFlywheel.Web.Data.Entities;

namespace XpFlywheel.Web.Api;

/// <summary>
/// Per-operator API keys. A key is 32 random bytes shown once at creation; only its SHA-256 hash and a short
/// prefix (to recognise it in the list) are stored, so a database leak does not leak usable keys. A key may expire,
/// may be read-only, and may be bound to an IP allow-list; it stops working the moment its owner's account is
/// locked out by an admin or deleted.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const string Prefix = "xpf_";
    public const int MaxKeysPerOperator = 20;
    /// <summary>The longest key name, in UTF-16 code units after normalising.</summary>
    public const int MaxName = 80;

    /// <summary>A new key with its secret, which is never shown again.</summary>
    public sealed record CreatedKey(long Id, string Name, string Secret);

    /// <summary>A key as its owner sees it in the list: never its secret.</summary>
    public sealed record KeyInfo(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt,
        ApiKeyScope Scope, DateTime? ExpiresAt, IReadOnlyList<string> AllowedNetworks);

    /// <summary>What a new key may do, until when, and from where; the defaults make an unrestricted trade key.</summary>
    /// <param name="Scope">Trade (everything) or read-only (GET only).</param>
    /// <param name="ExpiresAt">When the key stops working (UTC); null for never. Must be in the future.</param>
    /// <param name="AllowedNetworks">Addresses and CIDR ranges separated by commas or spaces; empty for anywhere.</param>
    public sealed record KeyOptions(ApiKeyScope Scope = ApiKeyScope.Trade, DateTime? ExpiresAt = null, string? AllowedNetworks = null);

    /// <summary>The new key, or the reason it was refused and the field (<c>name</c>, <c>scope</c>, <c>expiresAt</c>, <c>allowedNetworks</c>).</summary>
    public sealed record Creation(CreatedKey? Key, string? Error, string? Field);

    /// <summary>Creates an unrestricted trade key that never expires.</summary>
    public async Task<(CreatedKey? Key, string? Error)> CreateAsync(long operatorId, string? name, CancellationToken cancellationToken = default)
    {
        var creation = await CreateAsync(operatorId, name, new KeyOptions(), cancellationToken);
        return (creation.Key, creation.Error);
    }

    /// <summary>Creates a key with the given scope, expiry and allow-list; bad input creates nothing.</summary>
    public async Task<Creation> CreateAsync(long operatorId, string? name, KeyOptions options, CancellationToken cancellationToken = default)
    {
        name = DisplayText.NormalizeName(name);
        if (name.Length is 0 or > MaxName)
            return new(null, $"Give the key a name of 1 to {MaxName} characters.", "name");
        if (DisplayText.NameProblem(name) is { } problem)
            return new(null, $"The key name {problem}.", "name");
        if (!Enum.IsDefined(options.Scope))
            return new(null, "Choose a scope: trade or read-only.", "scope");
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = AsUtc(options.ExpiresAt);
        if (expiresAt <= now)
            return new(null, "The expiry must be in the future.", "expiresAt");
        var (networks, networkError) = ApiKeyNetworks.Parse(options.AllowedNetworks);
        if (networkError is not null)
            return new(null, networkError, "allowedNetworks");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Expired keys do nothing, so they do not count towards the limit.
        if (await db.ApiKeys.CountAsync(k => k.OperatorId == operatorId && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken)
            >= MaxKeysPerOperator)
            return new(null, $"You already have {MaxKeysPerOperator} active keys; revoke one first.", "name");

        var secret = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord
        {
            OperatorId = operatorId,
            Name = name,
            Prefix = secret[..12],
            Hash = Hash(secret),
            CreatedAt = now,
            Scope = options.Scope,
            ExpiresAt = expiresAt,
            AllowedNetworks = networks,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new(new CreatedKey(record.Id, name, secret), null, null);
    }

    /// <summary>The operator's keys, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<KeyInfo>> ListAsync(long operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OperatorId == operatorId).OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        return [.. keys.Select(k => new KeyInfo(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.Scope, k.ExpiresAt,
            ApiKeyNetworks.Entries(k.AllowedNetworks)))];
    }

    /// <summary>Revokes one of the operator's keys; false when it is not theirs or already revoked.</summary>
    public async Task<bool> RevokeAsync(long operatorId, long keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.OperatorId == operatorId, cancellationToken);
        if (key is null || key.RevokedAt is not null)
            return false;
        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        Revoked?.Invoke(keyId);
        return true;
    }

    /// <summary>
    /// Raised with a key's id once its revocation is stored: connections that stay open after the request that
    /// authenticated them (the user stream's) close theirs.
    /// </summary>
    public event Action<long>? Revoked;

    /// <summary>
    /// Of <paramref name="keyIds"/>, those that no longer let anything in: revoked, expired or gone. A node checks the
    /// keys of the connections it holds open with it when it may have missed another node's revocation.
    /// </summary>
    public async Task<IReadOnlySet<long>> UnusableAmongAsync(IReadOnlyCollection<long> keyIds, CancellationToken cancellationToken = default)
    {
        if (keyIds.Count == 0)
            return new HashSet<long>();
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = keyIds.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var usable = await db.ApiKeys.AsNoTracking()
            .Where(k => ids.Contains(k.Id) && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now))
            .Select(k => k.Id).ToListAsync(cancellationToken);
        return ids.Except(usable).ToHashSet();
    }

    /// <summary>
    /// Checks a presented key on every request: unknown or revoked, expired, or owned by an account that an admin
    /// locked out or that no longer exists are refused. The key and its owner's standing come from one query, so
    /// nothing needs invalidating when an admin locks someone out: the next request is refused. The key's last use
    /// is recorded only for a request from an address its allow-list admits (<paramref name="from"/>; the refusal,
    /// <c>ip_not_allowed</c>, is the authorization step's): a key tried from elsewhere was not used, and its owner
    /// must not read it as being in use.
    /// </summary>
    public async Task<ApiKeyCheck> CheckAsync(string secret, System.Net.IPAddress? from, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 128)
            return ApiKeyCheck.Unknown;
        var hash = Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (
            from candidate in db.ApiKeys
            where candidate.Hash == hash && candidate.RevokedAt == null
            join wallet in db.Wallets on candidate.OperatorId equals wallet.Id into wallets
            from wallet in wallets.DefaultIfEmpty()
            select new { Key = candidate, Owner = wallet == null ? null : wallet.User }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
            return ApiKeyCheck.Unknown;
        var key = found.Key;
        var now = clock.GetUtcNow().UtcDateTime;
        if (found.Owner is null)
            return ApiKeyCheck.Refused("account_deleted", "The account this key belongs to no longer exists.");
        if (Account.AccountLockout.IsLockedOut(found.Owner))
            return ApiKeyCheck.Refused("account_locked", "The account this key belongs to is locked out; its keys work again if an admin unlocks it.");
        if (key.ExpiresAt <= now)
            return ApiKeyCheck.Refused("api_key_expired", $"The API key expired at {key.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Create a new one on the API keys page.");
        // Touch at most once a minute: a busy bot must not turn every request into a write.
        if (ApiKeyNetworks.Allows(key.AllowedNetworks, from) && (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1)))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return ApiKeyCheck.Accepted(key.OperatorId, key.Id, key.Scope, key.AllowedNetworks, AsUtc(key.ExpiresAt));
    }

    // An unspecified kind is taken as UTC, as every time the app stores is.
    private static DateTime? AsUtc(DateTime? at) => at switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        { } other => DateTime.SpecifyKind(other, DateTimeKind.Utc),
    };

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
