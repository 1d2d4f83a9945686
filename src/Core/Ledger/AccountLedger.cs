using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace XpFlywheel.Core.Ledger;

/// <summary>
/// The in-memory double-entry ledger: the single source of every cash and XP balance. Every change is a balanced
/// posting between two accounts, so each asset sums to zero across all accounts at all times (the source accounts
/// carry the negative side). Not thread-safe by design: one writer owns it, as one writer owns the market.
/// </summary>
/// <remarks>
/// Postings of successful transfers are appended to <see cref="PendingPostings"/>; the host persists them and calls
/// <see cref="ClearPostings"/> after each command, so the buffer is reused and nothing is allocated per posting.
/// </remarks>
public sealed partial class AccountLedger
{
    // Flat balance array: the seven system accounts first, then six per operator slot, so a balance is one index away.
    private const int SystemSlots = 7;
    private const int PerOperator = 6;

    private readonly Dictionary<long, int> _slotByOperator = [];
    private readonly List<long> _operators = [];
    private readonly List<Posting> _postings = [];
    // Room for 64 operators to start with; SlotOf grows it (doubling) for any number. Never read the field before a
    // call to Index or SlotOf in the same expression: growing replaces the array.
    private long[] _balances = new long[SystemSlots + PerOperator * 64];

    /// <summary>The sequence number the next posting will get. Starts at 1.</summary>
    public long NextPostingSequence { get; private set; } = 1;

    /// <summary>Postings made since the last <see cref="ClearPostings"/>, in order.</summary>
    public ReadOnlySpan<Posting> PendingPostings => CollectionsMarshal.AsSpan(_postings);

    /// <summary>Empties the posting buffer once the host has persisted it.</summary>
    public void ClearPostings() => _postings.Clear();

    /// <summary>The balance of one account; unknown operator accounts are zero.</summary>
    public long Balance(AccountId account)
    {
        Validate(account);
        if (account.Owner == AccountId.SystemOwner)
            return _balances[SystemIndex(account.Kind)];
        return _slotByOperator.TryGetValue(account.Owner, out var slot) ? _balances[OperatorIndex(slot, account)] : 0;
    }

    /// <summary>
    /// Moves every leg or none: legs apply in order and, if one would make a non-source account negative, the legs
    /// already applied are undone and the result names that account. All legs share <paramref name="reference"/>.
    /// </summary>
    public TransferResult Transfer(ReadOnlySpan<TransferLeg> legs, long reference)
    {
        for (var i = 0; i < legs.Length; i++)
        {
            Validate(legs[i].From);
            Validate(legs[i].To);
            if (legs[i].Amount < 0)
                return new TransferResult(TransferError.InvalidAmount, legs[i].From, 0, legs[i].Amount);
        }

        for (var i = 0; i < legs.Length; i++)
        {
            var leg = legs[i];
            if (leg.Amount == 0)
                continue;
            var from = Index(leg.From);
            var to = Index(leg.To);
            var balances = _balances;
            if (!leg.From.IsSource && balances[from] < leg.Amount)
            {
                var failure = new TransferResult(TransferError.InsufficientBalance, leg.From, balances[from], leg.Amount);
                for (var j = i - 1; j >= 0; j--)
                {
                    if (legs[j].Amount == 0)
                        continue;
                    // These accounts were indexed above, so nothing grows here; index before reading the array anyway.
                    var undoFrom = Index(legs[j].From);
                    var undoTo = Index(legs[j].To);
                    _balances[undoFrom] += legs[j].Amount;
                    _balances[undoTo] -= legs[j].Amount;
                }
                return failure;
            }
            balances[from] -= leg.Amount;
            balances[to] = checked(balances[to] + leg.Amount);
        }

        for (var i = 0; i < legs.Length; i++)
        {
            if (legs[i].Amount != 0)
                _postings.Add(new Posting(NextPostingSequence++, legs[i].From, legs[i].To, legs[i].Amount, legs[i].Reason, reference));
        }
        return TransferResult.Ok;
    }

    /// <summary>A single-leg <see cref="Transfer(ReadOnlySpan{TransferLeg}, long)"/>.</summary>
    public TransferResult Move(AccountId from, AccountId to, long amount, PostingReason reason, long reference)
    {
        ReadOnlySpan<TransferLeg> legs = [new TransferLeg(from, to, amount, reason)];
        return Transfer(legs, reference);
    }

    /// <summary>
    /// Sets an account's balance while rebuilding state from the database on start; makes no posting. Restore every
    /// account (sources included) so the totals balance again, then call <see cref="AssertInvariants"/>.
    /// </summary>
    public void Restore(AccountId account, long balance)
    {
        Validate(account);
        if (balance < 0 && !account.IsSource)
            throw new ArgumentOutOfRangeException(nameof(balance), $"{account} cannot be negative.");
        // Index first: it may grow (replace) the balance array, so the array must be read after it.
        var index = Index(account);
        _balances[index] = balance;
    }

    /// <summary>
    /// Applies a posting another ledger made and stored (a follower taking the leader's postings of a command it does
    /// not run itself): moves <see cref="Posting.Amount"/> as the original did, without checking balances, and records it
    /// in <see cref="PendingPostings"/> as a posting of this ledger would be. Postings must arrive in their own order:
    /// throws <see cref="ArgumentException"/> when <paramref name="posting"/> is not numbered
    /// <see cref="NextPostingSequence"/>, or when its accounts or amount could not have been posted, and then changes
    /// nothing.
    /// </summary>
    public void ApplyRecorded(in Posting posting)
    {
        if (posting.Sequence != NextPostingSequence)
            throw new ArgumentException($"Posting {posting.Sequence} is out of order: the ledger expects {NextPostingSequence}.", nameof(posting));
        if (posting.Amount < 0 || posting.From.Asset != posting.To.Asset)
            throw new ArgumentException($"Posting {posting.Sequence} moves {posting.Amount} from {posting.From} to {posting.To}: no ledger posts that.", nameof(posting));
        Validate(posting.From);
        Validate(posting.To);
        var from = Index(posting.From);
        var to = Index(posting.To);
        // Read after both: Index may grow (replace) the balance array.
        var balances = _balances;
        balances[from] -= posting.Amount;
        balances[to] = checked(balances[to] + posting.Amount);
        NextPostingSequence++;
        _postings.Add(posting);
    }

    /// <summary>Continues posting sequence numbers after a restart.</summary>
    public void RestorePostingSequence(long nextSequence) => NextPostingSequence = nextSequence;

    /// <summary>The operators that have (or had) any balance, in first-seen order.</summary>
    public IReadOnlyList<long> Operators => _operators;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(AccountId account) => account.Owner == AccountId.SystemOwner
        ? SystemIndex(account.Kind)
        : OperatorIndex(SlotOf(account.Owner), account);

    private int SlotOf(long operatorId)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_slotByOperator, operatorId, out var exists);
        if (exists)
            return slot;
        slot = _operators.Count;
        _operators.Add(operatorId);
        var needed = SystemSlots + PerOperator * (slot + 1);
        if (needed > _balances.Length)
            Array.Resize(ref _balances, Math.Max(needed, _balances.Length * 2));
        return slot;
    }

    private static int SystemIndex(AccountKind kind) => kind - AccountKind.Treasury;

    private static int OperatorIndex(int slot, AccountId account) =>
        SystemSlots + PerOperator * slot + (account.Asset == Asset.Cash ? (int)account.Kind : 2 + (int)account.Kind);

    private static void Validate(AccountId account)
    {
        if (!account.IsValid)
            throw new ArgumentException($"{account.Owner}/{account.Asset}/{account.Kind} is not a ledger account.", nameof(account));
    }
}
