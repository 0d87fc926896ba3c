using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;

namespace HeapLedger.Core.Tests;

public sealed class SiteSelectorTests
{
    private static readonly Frame Malloc = new("malloc", null, 0, "libc.so.6", 1);
    private static readonly Frame Driver = new("modem_rx_frame_alloc", "src/vendor/modem/modem_driver.c", 120, "fw", 2);
    private static readonly Frame Firmware = new("comm_poll", "src/app/app_comm.c", 88, "fw", 3);

    [Fact]
    public void VendoredCodeIsSkippedLikeTheAllocator() =>
        Assert.Equal(2, SiteSelector.Default.SiteIndex([Malloc, Driver, Firmware]));

    [Fact]
    public void PatternsNameMoreVendorCode()
    {
        var driver = Driver with { File = "drivers/modem_driver.c" };
        Assert.Equal(1, SiteSelector.Default.SiteIndex([Malloc, driver, Firmware]));
        Assert.Equal(2, new SiteSelector(["modem_driver.c"]).SiteIndex([Malloc, driver, Firmware]));
        Assert.Equal(2, new SiteSelector(["modem_rx_frame_alloc"]).SiteIndex([Malloc, driver, Firmware]));
    }

    [Fact]
    public void AStackOfNothingButVendorCodeKeepsItsFirstNonAllocatorFrame() =>
        Assert.Equal(1, SiteSelector.Default.SiteIndex([Malloc, Driver]));

    [Fact]
    public void ADirectoryMerelyNamedLikeAVendorFileIsNotVendorCode() =>
        Assert.Equal(0, SiteSelector.Default.SiteIndex([Firmware with { File = "src/vendor.c" }]));
}
