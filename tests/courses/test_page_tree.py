"""The page tree is explicit: HomePage → CourseIndexPage → CoursePage → ModulePage (STYLE §3)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.models import HomePage
from courses.models import CourseIndexPage, CoursePage, ModulePage


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_course_indexes(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {CourseIndexPage})

    def test_course_index_holds_courses_only(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_course_holds_modules_only(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_module_is_a_leaf(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, set())

    def test_pages_cannot_skip_a_level(self):
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(HomePage, ModulePage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)

    def test_there_is_only_one_home_page(self):
        home = HomePage.objects.get()
        root = Page.objects.get(depth=1)

        self.assertEqual(home.get_parent(), root)
        self.assertFalse(HomePage.can_create_at(root))
