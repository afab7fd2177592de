package io.coral.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coral.platform.CoralPlatform;
import io.coral.platform.config.Role;
import io.coral.platform.testing.ApiFixture;
import io.coral.simulator.cwmp.CwmpFleet;
import io.coral.simulator.usp.UspFleet;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium against a running platform (every role) with a simulated TR-181 CPE
 * connected to its ACS and a USP agent on its embedded broker: log in, find the device, read and set a
 * parameter, send an RPC, create and run a script and read its log, send a USP Get. Screenshots go to
 * target/console-it/.
 */
class ConsoleBrowserIT {
    static final String SN = "SIM-000042";
    static final Path SHOTS = Path.of("target", "console-it");

    static CoralPlatform platform;
    static CwmpFleet fleet;
    static UspFleet agents;
    static String agentId;
    static WebDriver driver;
    static WebDriverWait wait;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        platform = CoralPlatform.builder().inMemoryStore().host("127.0.0.1")
                .httpPort(0).acsPort(0).mqttPort(0).adminToken(ApiFixture.ADMIN).start();
        platform.store().devices().saveAll(List.of(
                ApiFixture.cwmpDevice("OTHER-1", "Acme", "R1", 0, Instant.now().minusSeconds(3600))));
        fleet = CwmpFleet.builder().acsUrl("http://127.0.0.1:" + platform.acsPort() + "/").serial(SN).model("tr181")
                .periodicInterval(300).connectionRequestHost("127.0.0.1").connectionRequestPort(0).build();
        fleet.start();
        agents = UspFleet.builder().brokerUrl("tcp://127.0.0.1:" + platform.mqttPort()).serial("AGENT-7").model("tr181")
                .mqttVersion("3.1.1").build();
        agents.start();
        agentId = agents.agents().get(0).endpointId();
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.store().devices().find(agentId)
                .filter(d -> d.status() == 2).isPresent());
        // online, and the connection-request credentials the ACS gave it at BOOTSTRAP are stored
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.store().devices().find(SN)
                .filter(d -> d.status() == 2 && d.cwmp() != null && d.cwmp().connectionRequestUsername() != null).isPresent());

        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("coral-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // the console re-renders lists and the parameter tree while the test reads them
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (agents != null) {
            agents.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    static String base() {
        return "http://127.0.0.1:" + platform.httpPort();
    }

    static void shot(String name) throws Exception {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static void textAppears(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    static WebElement leaf(String path) {
        return visible(By.cssSelector("li[data-path='" + path + "'] .pval"));
    }

    /** The shown value of a parameter once it equals {@code expected} (read again if the tree re-renders). */
    static void leafShows(String path, String expected) {
        wait.until(d -> leaf(path).getText().equals(expected));
    }

    @Test
    void operatorWalksThroughDevicesParametersAndScripts() throws Exception {
        try {
            walkThrough();
        } catch (Throwable t) {
            shot("failure");
            Files.writeString(SHOTS.resolve("failure.html"), driver.getPageSource());
            throw t;
        }
    }

    private void walkThrough() throws Exception {
        // log in with a token
        driver.get(base() + "/");
        visible(By.id("login-token")).sendKeys("not-a-token");
        driver.findElement(By.id("login-submit")).click();
        textAppears(By.id("login-error"), "not accepted");
        visible(By.id("login-token")).sendKeys(ApiFixture.ADMIN);
        shot("01-login");
        driver.findElement(By.id("login-submit")).click();
        textAppears(By.id("device-summary"), "3 devices");
        textAppears(By.id("who"), "admin");
        shot("02-devices");

        // find a device
        WebElement search = driver.findElement(By.id("device-search"));
        search.sendKeys("000042");
        driver.findElement(By.id("device-search-submit")).click();
        textAppears(By.id("device-summary"), "1 device");
        new Select(driver.findElement(By.id("device-status"))).selectByValue("online");
        driver.findElement(By.id("device-search-submit")).click();
        wait.until(d -> d.getCurrentUrl().contains("status=online"));
        textAppears(By.id("device-summary"), "1 device");
        By row = By.cssSelector("#devices-table tbody tr[data-sn='" + SN + "']");
        wait.until(d -> {
            String text = d.findElement(row).getText();
            return text.contains("online") && text.contains("Coral Networks") && text.contains("CWMP") && text.contains("1.0.0");
        });
        shot("03-search");
        wait.until(d -> {
            d.findElement(row).findElement(By.cssSelector("a.device-link")).click();
            return true;
        });

        // read parameters: refreshed from the device (GetParameterNames + GetParameterValues over a connection request)
        textAppears(By.id("device-identity"), "Coral Networks");
        driver.findElement(By.id("refresh-device")).click();
        leafShows("Device.ManagementServer.PeriodicInformInterval", "300");
        leafShows("Device.DeviceInfo.SoftwareVersion", "1.0.0");
        wait.until(d -> d.findElement(By.cssSelector("li[data-path='Device.ManagementServer.PeriodicInformInterval']")).getText()
                .contains("writable"));
        WebElement filter = driver.findElement(By.id("param-filter"));
        filter.sendKeys("ManagementServer.Periodic");
        textAppears(By.id("param-count"), "3 of");
        shot("04-device");

        // set a value through the edit button and see it read back from the device
        wait.until(d -> {
            d.findElement(By.cssSelector("li[data-path='Device.ManagementServer.PeriodicInformInterval'] button")).click();
            return true;
        });
        assertThat(driver.findElement(By.id("set-path")).getAttribute("value")).isEqualTo("Device.ManagementServer.PeriodicInformInterval");
        WebElement value = driver.findElement(By.id("set-value"));
        value.clear();
        value.sendKeys("600");
        new Select(driver.findElement(By.id("set-type"))).selectByValue("xsd:unsignedInt");
        driver.findElement(By.id("set-submit")).click();
        textAppears(By.id("set-result"), "\"status\"");
        leafShows("Device.ManagementServer.PeriodicInformInterval", "600");
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.store().parameters()
                .find(SN, "Device.ManagementServer.PeriodicInformInterval").stream().anyMatch(p -> "600".equals(p.value())));

        // a CWMP fault is shown as such
        WebElement setPath = driver.findElement(By.id("set-path"));
        setPath.clear();
        setPath.sendKeys("Device.DeviceInfo.SoftwareVersion");
        driver.findElement(By.id("set-submit")).click();
        textAppears(By.id("set-result"), "9008");
        assertThat(driver.findElement(By.id("set-result")).getAttribute("class")).contains("fault");

        // any RPC from a template
        new Select(driver.findElement(By.id("msg-template"))).selectByVisibleText("GetParameterValues");
        assertThat(driver.findElement(By.id("msg-body")).getAttribute("value")).contains("\"rpc\": \"GetParameterValues\"");
        driver.findElement(By.id("msg-send")).click();
        textAppears(By.id("msg-result"), "Device.DeviceInfo.ModelName");
        shot("05-set-and-rpc");

        // scripts: create, run with arguments, read the log
        driver.findElement(By.cssSelector("nav a[data-nav='scripts']")).click();
        visible(By.id("new-script")).click();
        visible(By.id("script-name")).sendKeys("hello-e2e");
        WebElement editor = driver.findElement(By.id("script-content"));
        editor.clear();
        editor.sendKeys("local who = args.who\nprint(\"hello \" .. who)\n");
        assertThat(driver.findElement(By.cssSelector(".editor pre")).getAttribute("innerHTML")).contains("lua-kw").contains("lua-str");
        shot("06-editor");
        driver.findElement(By.id("script-save")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("#/scripts/hello-e2e"));
        textAppears(By.id("script-info"), "Version 1");
        WebElement args = visible(By.id("run-args"));
        args.clear();
        args.sendKeys("{\"who\": \"browser\"}");
        driver.findElement(By.id("script-run")).click();
        wait.until(d -> d.getCurrentUrl().contains("#/runs/"));
        textAppears(By.id("run-outcome"), "ok");
        textAppears(By.id("run-log"), "hello browser");
        shot("07-run-log");

        driver.findElement(By.cssSelector("#run-info a")).click();
        visible(By.cssSelector("#runs-table a.run-link"));
        textAppears(By.id("script-toggle"), "Activate");
        driver.findElement(By.id("script-toggle")).click();
        textAppears(By.id("script-toggle"), "Deactivate");
        textAppears(By.id("script-info"), "· active");
        shot("08-script");

        // a USP agent: a Get from the template, its values merged into the tree
        driver.get(base() + "/#/devices/" + java.net.URLEncoder.encode(agentId, java.nio.charset.StandardCharsets.UTF_8));
        textAppears(By.id("device-identity"), "USP");
        wait.until(d -> new Select(d.findElement(By.id("msg-template"))).getFirstSelectedOption().getText().equals("Get"));
        assertThat(driver.findElement(By.id("msg-body")).getAttribute("value")).contains("\"msg_type\": \"GET\"");
        driver.findElement(By.id("msg-send")).click();
        textAppears(By.id("msg-result"), "GET_RESP");
        leafShows("Device.DeviceInfo.SoftwareVersion", "1.0.0");
        shot("09-usp");

        // log out, then come back with a link that carries the token once
        driver.findElement(By.id("logout")).click();
        visible(By.id("login-token"));
        driver.get(base() + "/?token=" + ApiFixture.ADMIN + "#/scripts");
        visible(By.cssSelector("#scripts-table a.script-link"));
        assertThat(driver.getCurrentUrl()).doesNotContain("token=").endsWith("#/scripts");
        driver.navigate().refresh();
        visible(By.cssSelector("#scripts-table a.script-link"));
    }
}
