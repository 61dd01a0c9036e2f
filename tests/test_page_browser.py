"""The show's page in a real headless Chromium, loaded from `narrate serve` and from the S3 server:
every player reports its MP3's duration and plays (muted), a chapter click seeks, the console stays clean.
A screenshot of each is saved under test-artifacts/ (or $NARRATE_TEST_ARTIFACTS)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from mutagen.mp3 import MP3

from showkit import copy_show, narrate, s3_client, serving

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("NARRATE_TEST_ARTIFACTS", ROOT / "test-artifacts"))

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="headless Chromium is not installed (Debian: apt-get install chromium chromium-driver; .ci/run does)",
)


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--mute-audio",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1000,1400",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


PLAY = """
const [index, done] = [arguments[0], arguments[arguments.length - 1]];
const audio = document.querySelectorAll('audio')[index];
audio.muted = true;
audio.play().catch(error => done({error: String(error)}));
const started = Date.now();
(function wait() {
  if (audio.currentTime > 0.3) { audio.pause(); done({duration: audio.duration, time: audio.currentTime}); }
  else if (audio.error || Date.now() - started > 20000) done({error: audio.error ? audio.error.code : 'timed out'});
  else setTimeout(wait, 50);
})();
"""

AFTER_SEEK = """
const [index, start, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const audio = document.querySelectorAll('audio')[index];
const started = Date.now();
(function wait() {
  if (audio.currentTime >= start) done({time: audio.currentTime, paused: audio.paused});
  else if (Date.now() - started > 20000) done({error: 'never reached ' + start, time: audio.currentTime});
  else setTimeout(wait, 50);
})();
"""


def exercise_page(driver, url: str, output: Path, shot: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    assert driver.title == "Quayside Bulletin"
    players = driver.find_elements(By.CSS_SELECTOR, "audio")
    sources = [p.find_element(By.CSS_SELECTOR, "source").get_attribute("src") for p in players]
    assert len(players) == len(list(output.glob("*.mp3"))) == 2
    for index, source in enumerate(sources):
        expected = MP3(output / source.rsplit("/", 1)[-1]).info.length
        played = driver.execute_async_script(PLAY, index)
        assert "error" not in played, (source, played)
        assert played["duration"] == pytest.approx(expected, abs=0.1), source
        assert played["time"] > 0.3
    article = driver.find_element(By.XPATH, "//article[.//h3[text()='Harbour lamps']]")
    index = [a.get_attribute("id") for a in driver.find_elements(By.TAG_NAME, "article")].index(
        article.get_attribute("id")
    )
    chapter = article.find_element(By.XPATH, ".//ol[@class='chapters']/li[2]/a")
    start = float(chapter.get_attribute("data-start"))
    assert start > 1
    page_url = driver.current_url
    chapter.click()
    seeked = driver.execute_async_script(AFTER_SEEK, index, start)
    assert "error" not in seeked, seeked
    assert start <= seeked["time"] < start + 2 and not seeked["paused"]
    assert driver.current_url == page_url  # the click seeked the player instead of opening the MP3
    driver.find_element(By.ID, "copy").click()
    status = driver.find_element(By.ID, "copied")
    WebDriverWait(driver, 10).until(lambda _: status.text == "Copied.")
    problems = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert problems == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("document.querySelectorAll('audio').forEach(a => a.pause())")
    assert driver.save_screenshot(str(ARTIFACTS / shot))


def test_page_from_narrate_serve(browser, built_show, tmp_path):
    with serving(tmp_path / "project" / "output") as url:
        project = copy_show(built_show, tmp_path, url)
        exercise_page(browser, url, project / "output", "page-narrate-serve.png")


def test_page_from_the_s3_server(browser, built_show, s3_endpoint, tmp_path):
    s3_client(s3_endpoint).create_bucket(Bucket="page-test")
    base = f"{s3_endpoint}/page-test/quay/"
    project = copy_show(built_show, tmp_path, base, target="s3://page-test/quay", endpoint=s3_endpoint)
    result = narrate(project, "publish")
    assert result.returncode == 0, result.stderr
    exercise_page(browser, base + "index.html", project / "output", "page-s3.png")


def test_page_works_without_javascript(built_show, tmp_path):
    """With scripting off the copy button stays hidden and chapter links open the MP3 at that time."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        with serving(tmp_path / "project" / "output") as url:
            copy_show(built_show, tmp_path, url)
            driver.get(url)
            assert not driver.find_element(By.ID, "copy").is_displayed()
            assert driver.find_element(By.ID, "feed-url").get_attribute("value") == url + "feed.xml"
            chapter = driver.find_element(By.CSS_SELECTOR, ".chapters li:nth-child(2) a")
            assert "#t=" in chapter.get_attribute("href")
            chapter.click()
            assert driver.current_url.split("#")[0].endswith(".mp3")
    finally:
        driver.quit()
