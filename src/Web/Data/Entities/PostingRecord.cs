namespace XpFlywheel.Web.Data.Entities;

/// <summary>
/// One ledger movement, kept forever: every balance is the sum of its postings. Accounts are stored by their
/// parts (owner 0 is the system) so an operator's history is one indexed query on either side.
/// </summary>
public class PostingRecord
{
    public long Sequence { get; set; }
    public long FromOwner { get; set; }
    public int FromAsset { get; set; }
    public int FromKind { get; set; }
    public long ToOwner { get; set; }
    public int ToAsset { get; set; }
    public int ToKind { get; set; }
    public long Amount { get; set; }
    public int Reason { get; set; }
    public long Reference { get; set; }
    public DateTime At { get; set; }
}
